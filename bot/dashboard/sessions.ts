import { newSecret, secretHash, SESSION_HOURS } from '../../handlers/dashboard/dashboard-commands.js'
import { isStaff, type Db, type Sender } from '../../handlers/context.js'
import type { MemberDirectory } from '../inbound/members.js'

export const COOKIE = 'hg_dashboard'

export interface Session {
  id: number
  csrf: string
  sender: Sender
}

interface SessionDeps {
  db: Db
  communityId: number
  members: MemberDirectory
}

/**
 * Opens a session for a link's secret: the link must be unused, unexpired and its member still
 * staff. The link is used up in one conditional update, so two tabs opening it get one session.
 */
export async function openSession(deps: SessionDeps, linkSecret: string, now: Date): Promise<{ cookie: string; session: Session } | null> {
  const { db, communityId } = deps
  const link = await db.dashboardLink.findUnique({ where: { tokenHash: secretHash(linkSecret) } })
  if (!link || link.communityId !== communityId || link.usedAt || link.expiresAt <= now) return null
  const used = await db.dashboardLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now } })
  if (used.count !== 1) return null
  const sender = await deps.members.senderFor(link.contactId, '')
  if (!isStaff(sender)) return null
  const cookie = newSecret()
  const csrf = newSecret()
  const row = await db.dashboardSession.create({
    data: { communityId, tokenHash: secretHash(cookie), contactId: link.contactId, csrf, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000) },
  })
  return { cookie, session: { id: row.id, csrf, sender } }
}

/** The session a cookie belongs to, while it is open and its member is still staff; null otherwise. */
export async function sessionOf(deps: SessionDeps, cookie: string | undefined, now: Date): Promise<Session | null> {
  if (!cookie) return null
  const row = await deps.db.dashboardSession.findUnique({ where: { tokenHash: secretHash(cookie) } })
  if (!row || row.communityId !== deps.communityId || row.revokedAt || row.expiresAt <= now) return null
  const sender = await deps.members.senderFor(row.contactId, '')
  return isStaff(sender) ? { id: row.id, csrf: row.csrf, sender } : null
}
