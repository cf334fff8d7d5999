import { randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import type { Community, Db } from '../../handlers/context.js'
import type { Clock } from '../clock.js'
import type { InboundDeps } from '../inbound/handle-incoming.js'
import type { MemberDirectory } from '../inbound/members.js'
import type { Logger } from '../logger.js'
import type { NoticeRenderer } from '../model/notice-image.js'
import type { page } from './pages/layout.js'
import type { Session } from './sessions.js'

export interface DashboardDeps {
  db: Db
  community: Community
  clock: Clock
  log: Logger
  members: MemberDirectory
  /** The chat's inbound path: the page's actions go through it as the staff member's own commands. */
  inbound: InboundDeps
  /** Whether cookies are sent only over HTTPS (the dashboard's address is https://). */
  secureCookies: boolean
  /** Reached through a reverse proxy (DASHBOARD_URL is set): its X-Forwarded-For tells who asks. */
  behindProxy: boolean
  /** The 公示 as a picture for the groups (null without a Chinese font: then it goes as text). */
  renderNotice: NoticeRenderer
}

/** What a request carries once its session is checked. */
export type DashboardEnv = { Variables: { session: Session } }

/** Writes one line of the audit log: who (the session's member, or the dashboard itself), what, when. */
export const audit = (deps: DashboardDeps, session: Session | null, action: string, detail: string) =>
  deps.db.auditLog.create({ data: { communityId: deps.community.id, actor: session ? `${session.sender.name}(${session.sender.id})` : 'dashboard', action, detail, at: deps.clock.now() } })

/** A nonce for one form: the form sent twice is one submission (the command's message id). */
export const newNonce = (): string => randomBytes(12).toString('base64url')

/** What the feature routes share: the audit log, the page frame, nonces, notices. */
export interface RouteTools {
  audit: typeof audit
  backWithNotice: typeof backWithNotice
  takeNotice: typeof takeNotice
  view: (c: Context<DashboardEnv>, title: string, body: Parameters<typeof page>[1]) => Response | Promise<Response>
  newNonce: () => string
}

/**
 * Leads back to a page that shows what an action said, once. The words are kept with the session,
 * never carried in the address: a link can make no trusted page say anything.
 */
export async function backWithNotice(c: Context<DashboardEnv>, deps: Pick<DashboardDeps, 'db'>, path: string, notice: string): Promise<Response> {
  await deps.db.dashboardSession.update({ where: { id: c.get('session').id }, data: { notice: notice.slice(0, 2000) } })
  return c.redirect(path, 303)
}

/** The notice left for this session by its last action, cleared as it is read. */
export async function takeNotice(deps: Pick<DashboardDeps, 'db'>, session: Session): Promise<string | null> {
  const row = await deps.db.dashboardSession.findUnique({ where: { id: session.id }, select: { notice: true } })
  if (!row?.notice) return null
  await deps.db.dashboardSession.update({ where: { id: session.id }, data: { notice: null } })
  return row.notice
}
