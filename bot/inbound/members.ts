import type { Role } from '../../handlers/community/vocabulary.js'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import type { Db, Sender } from '../../handlers/context.js'

type MemberRow = { roles: string; buildings: string; name: string } | null

/**
 * The community's members as this process knows them, by contact id: every message asks who wrote
 * it, and members change only through sync and 绑定 (which forgets the one bound). Forgotten
 * whole when this process takes the connection over.
 */
export class MemberDirectory {
  private readonly known = new Map<string, MemberRow>()

  constructor(
    private readonly db: Db,
    private readonly communityId: number,
  ) {}

  /** Forgets one member after their roles changed, or everyone. */
  forget(contactId?: string): void {
    if (contactId === undefined) this.known.clear()
    else this.known.delete(contactId)
  }

  /** Writes the config's members (id → roles) into the database; invited members are kept. */
  async sync(config: CommunityConfig): Promise<void> {
    const { db, communityId } = this
    for (const member of config.members) {
      const data = { name: member.name, roles: member.roles.join(','), buildings: member.buildings.join(','), source: 'config' }
      await db.member.upsert({
        where: { communityId_contactId: { communityId, contactId: member.id } },
        create: { communityId, contactId: member.id, ...data },
        update: data,
      })
    }
    this.forget()
  }

  /** Who wrote: roles come from the contact id only, never from a display name. */
  async senderFor(contactId: string, displayName: string): Promise<Sender> {
    let member = this.known.get(contactId)
    if (member === undefined) {
      member = await this.db.member.findUnique({ where: { communityId_contactId: { communityId: this.communityId, contactId } }, select: { roles: true, buildings: true, name: true } })
      this.known.set(contactId, member)
    }
    const roles = new Set<Role>(['resident', ...((member?.roles.split(',').filter(Boolean) ?? []) as Role[])])
    return { id: contactId, name: displayName || member?.name || '居民', roles, buildings: member?.buildings.split(',').filter(Boolean) ?? [] }
  }
}
