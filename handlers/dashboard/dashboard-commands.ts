import { createHash, randomBytes } from 'node:crypto'
import type { Db, HandlerContext, Reply } from '../context.js'
import { isStaff, replyHere } from '../context.js'

/** How long a 看板 link may be opened, and how long the session it opens lasts. */
export const LINK_MINUTES = 10
export const SESSION_HOURS = 8

/** Where a login link leads: the outbox forgets a sent message holding one (SENT_LINK_TEXT instead). */
export const LOGIN_PATH = '/login/'
export const SENT_LINK_TEXT = '（看板登录链接，已发出；链接本身不保存）'

/** What is stored of a secret: its SHA-256, so a copy of the database opens nothing. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex')

/** A secret for a link or a session cookie: 32 random bytes, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url')

const NOT_STAFF = '抱歉，看板只对驿站工作人员开放。想看自己反映的事进展如何，可以发「我的工单」或「查询 #工单号」。'

/** 看板, privately, by staff: a one-time link that opens a dashboard session. */
export async function openDashboard({ msg, db, clock, community, ports }: HandlerContext): Promise<Reply[]> {
  if (!isStaff(msg.sender)) return [replyHere(msg, NOT_STAFF)]
  if (msg.group) return [replyHere(msg, '为了安全，看板链接只私聊发送：请私聊我发「看板」。')]
  if (!ports.dashboardUrl) return [replyHere(msg, '这台红管家没有开启看板（DASHBOARD_PORT=off），请联系管理员。')]
  const now = clock.now()
  const secret = newSecret()
  await db.dashboardLink.create({
    data: { communityId: community.id, tokenHash: secretHash(secret), contactId: msg.sender.id, createdAt: now, expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000) },
  })
  await db.auditLog.create({ data: { communityId: community.id, actor: `${msg.sender.name}(${msg.sender.id})`, action: 'dashboard-link', detail: '索取看板登录链接', at: now } })
  const text = [
    `看板登录链接（${LINK_MINUTES} 分钟内有效，只能打开一次，请勿转发）：`,
    `${ports.dashboardUrl}${LOGIN_PATH}${secret}`,
    `登录后 ${SESSION_HOURS} 小时内有效；用完发「退出看板」，所有已登录的看板都会退出。`,
  ].join('\n')
  return [replyHere(msg, text)]
}

/** Ends every dashboard session and unused link of one person now; how many sessions were open. */
export async function endDashboardAccess(db: Db, communityId: number, contactId: string, now: Date): Promise<number> {
  const theirs = { communityId, contactId }
  const ended = await db.dashboardSession.updateMany({ where: { ...theirs, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } })
  await db.dashboardLink.updateMany({ where: { ...theirs, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } })
  return ended.count
}

/** 退出看板: every dashboard session and unused link of the sender ends now. */
export async function leaveDashboard({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const now = clock.now()
  const ended = { count: await endDashboardAccess(db, community.id, msg.sender.id, now) }
  if (ended.count === 0) return [replyHere(msg, '您现在没有登录中的看板。')]
  await db.auditLog.create({ data: { communityId: community.id, actor: `${msg.sender.name}(${msg.sender.id})`, action: 'dashboard-logout', detail: `退出 ${ended.count} 个看板登录`, at: now } })
  return [replyHere(msg, `已退出看板（${ended.count} 个登录）。`)]
}
