import type { CommunityConfig, Role } from './community-config.js'
import type { Db } from './db.js'
import type { Sender } from '../handlers/context.js'

/** Writes the config's members (id → roles) into the database; invited members are kept. */
export async function syncMembers(db: Db, communityId: number, config: CommunityConfig): Promise<void> {
  for (const member of config.members) {
    const data = { name: member.name, roles: member.roles.join(','), buildings: member.buildings.join(','), source: 'config' }
    await db.member.upsert({
      where: { communityId_contactId: { communityId, contactId: member.id } },
      create: { communityId, contactId: member.id, ...data },
      update: data,
    })
  }
}

/** Who wrote: roles come from the contact id only, never from a display name. */
export async function senderFor(db: Db, communityId: number, contactId: string, displayName: string): Promise<Sender> {
  const member = await db.member.findUnique({ where: { communityId_contactId: { communityId, contactId } } })
  const roles = new Set<Role>(['resident', ...((member?.roles.split(',').filter(Boolean) ?? []) as Role[])])
  return { id: contactId, name: displayName || member?.name || '居民', roles, buildings: member?.buildings.split(',').filter(Boolean) ?? [] }
}
