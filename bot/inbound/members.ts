import type { Role } from '../../handlers/community/vocabulary.js'
import type { CommunityConfig, MemberConfig } from '../../handlers/community/config-schema.js'
import { staffRoster } from '../../handlers/cases/staff-roster.js'
import type { Db, Sender } from '../../handlers/context.js'
import { endDashboardAccess } from '../../handlers/dashboard/dashboard-commands.js'

type MemberRow = { roles: string; buildings: string; name: string } | null

/**
 * The community's members as this process knows them, by contact id: every message asks who wrote
 * it, and members change only through sync and 绑定 (which forgets the one bound). Forgotten
 * whole when this process takes the connection over.
 */
export class MemberDirectory {
  private readonly known = new Map<string, MemberRow>()
  private roster: MemberConfig[] | null = null
  /** Raised by every forget(), so a roster read across a change of roles is not kept. */
  private changes = 0

  constructor(
    private readonly db: Db,
    private readonly communityId: number,
  ) {}

  /** Forgets one member after their roles changed, or everyone. */
  forget(contactId?: string): void {
    this.roster = null
    this.changes++
    if (contactId === undefined) this.known.clear()
    else this.known.delete(contactId)
  }

  /**
   * Writes the config's members (id → roles) into the database; invited members are kept. Members
   * the file no longer lists lose their roles and their dashboard sessions; the names are returned.
   */
  async sync(config: CommunityConfig, now: Date): Promise<string[]> {
    const { db, communityId } = this
    const listed = config.members.map((m) => m.id)
    const dropped = await db.member.findMany({ where: { communityId, source: 'config', contactId: { notIn: listed } } })
    for (const member of dropped) {
      await db.member.delete({ where: { id: member.id } })
      await endDashboardAccess(db, communityId, member.contactId, now)
      await db.auditLog.create({ data: { communityId, actor: 'config', action: 'role-revoked', detail: `${member.name}(${member.contactId})：${member.roles}，配置文件里已删去`, at: now } })
    }
    for (const member of config.members) {
      const data = { name: member.name, roles: member.roles.join(','), buildings: member.buildings.join(','), source: 'config' }
      await db.member.upsert({
        where: { communityId_contactId: { communityId, contactId: member.id } },
        create: { communityId, contactId: member.id, ...data },
        update: data,
      })
    }
    this.forget()
    // Read now, so the first reports after a start do not each go to the database for it.
    await this.staff()
    return dropped.map((m) => m.name)
  }

  /** Everyone with a role (handlers/cases/staff-roster.ts), read once until a role changes. */
  async staff(db: Db = this.db): Promise<MemberConfig[]> {
    if (this.roster) return this.roster
    const before = this.changes
    const read = await staffRoster(db, this.communityId)
    if (this.changes === before) this.roster = read
    return read
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
