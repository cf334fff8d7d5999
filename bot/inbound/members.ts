import type { CommunityConfig, Role } from '../config/community-config.js'
import type { Db } from '../db/client.js'
import type { Sender } from '../../handlers/context.js'

type MemberRow = { roles: string; buildings: string; name: string } | null

/**
 * Members this process has already looked up, per database client, by community and contact:
 * every message asks who wrote it, and members change only through syncMembers and 绑定 (which
 * call forgetMember). The cache is dropped when this process takes the connection over.
 */
const known = new WeakMap<Db, Map<string, MemberRow>>()
const cacheOf = (db: Db): Map<string, MemberRow> => {
  let cache = known.get(db)
  if (!cache) known.set(db, (cache = new Map()))
  return cache
}

/** Forgets every member looked up so far. */
export function forgetMembers(db: Db): void {
  known.delete(db)
}

/** Forgets one member after their roles changed. */
export function forgetMember(db: Db, communityId: number, contactId: string): void {
  cacheOf(db).delete(`${communityId}:${contactId}`)
}

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
  forgetMembers(db)
}

/** Who wrote: roles come from the contact id only, never from a display name. */
export async function senderFor(db: Db, communityId: number, contactId: string, displayName: string): Promise<Sender> {
  const key = `${communityId}:${contactId}`
  const cache = cacheOf(db)
  let member = cache.get(key)
  if (member === undefined) {
    member = await db.member.findUnique({ where: { communityId_contactId: { communityId, contactId } }, select: { roles: true, buildings: true, name: true } })
    cache.set(key, member)
  }
  const roles = new Set<Role>(['resident', ...((member?.roles.split(',').filter(Boolean) ?? []) as Role[])])
  return { id: contactId, name: displayName || member?.name || '居民', roles, buildings: member?.buildings.split(',').filter(Boolean) ?? [] }
}
