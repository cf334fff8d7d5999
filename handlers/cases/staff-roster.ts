import type { CommunityConfig, MemberConfig } from '../community/config-schema.js'
import type { Role } from '../community/vocabulary.js'
import type { Db, HandlerContext } from '../context.js'
import { STAFF_ROLES } from '../context.js'

/**
 * The community's people with roles as routing and supervision read them: the file's members first
 * (they come first in every choice, as the file orders them), then those bound by invite code.
 */
export async function staffRoster(db: Pick<Db, 'member'>, communityId: number): Promise<MemberConfig[]> {
  const rows = await db.member.findMany({ where: { communityId, roles: { not: '' } }, orderBy: { id: 'asc' } })
  const byConfig = [...rows.filter((r) => r.source === 'config'), ...rows.filter((r) => r.source !== 'config')]
  return byConfig.map((r) => ({ id: r.contactId, name: r.name, roles: r.roles.split(',').filter(Boolean) as Role[], buildings: r.buildings.split(',').filter(Boolean) }))
}

/** The community's config with its members as the roster holds them now. */
export const withRoster = (config: CommunityConfig, members: MemberConfig[]): CommunityConfig => ({ ...config, members })

/** The contact ids of everyone with a staff role, from the file and from invite codes. */
export async function staffIds(ctx: Pick<HandlerContext, 'db' | 'ports' | 'community'>): Promise<Set<string>> {
  const config = withRoster(ctx.community.config, await ctx.ports.staffRoster(ctx.db))
  return new Set(config.members.filter((m) => m.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))).map((m) => m.id))
}
