import type { HandlerContext } from '../context.js'
import { OPEN_STATES } from '../cases/states.js'
import { staffIds } from '../cases/staff-roster.js'
import { RECENT_MESSAGES } from './conversation-memory.js'
import { OPEN_CASE_WINDOW_MS, type ConversationState, type OpenCase, type ThreadMessage } from './read-in-conversation.js'

/** The names residents see the bot by in a quote of its posts. */
export const BOT_NAMES = ['红管家']

/** At most this many of a group's open cases are read for each message. */
const OPEN_CASES_READ = 20

/** Open cases a follow-up may join: suspected ones too (staff see the follow-up when they confirm). */
const JOINABLE = [...OPEN_STATES, 'suspected']

/**
 * The group's conversation as the reader needs it, read from the database for each message: the
 * messages stored before this one (oldest first) and the group's open cases of that time. What a
 * message is read against never depends on what the process remembers, so a restart, a retry or
 * a hand-over to another process reads it exactly as the first handling did.
 */
export async function loadConversation(ctx: HandlerContext, groupId: number, building: string | null): Promise<{ state: ConversationState; at: number }> {
  const { db, msg, community } = ctx
  const own = msg.stored ?? (await db.inboundMessage.findUnique({ where: { wechatId: msg.messageId }, select: { id: true, receivedAt: true } }))
  const at = (own?.receivedAt ?? ctx.clock.now()).getTime()
  const since = new Date(at - OPEN_CASE_WINDOW_MS)
  const rows = await ctx.ports.conversations.load({
    communityId: community.id, groupId, beforeId: own?.id ?? Number.MAX_SAFE_INTEGER, since, until: new Date(at),
    messages: RECENT_MESSAGES, cases: OPEN_CASES_READ, states: JOINABLE,
  })
  const staff = await staffIds(ctx)
  const recent: ThreadMessage[] = [...rows.recent].reverse().map((r) => ({
    id: r.wechatId, senderId: r.talkerId, senderName: r.talkerName, at: r.receivedAt.getTime(), text: r.text, fromStaff: staff.has(r.talkerId), caseRef: r.caseId === null ? null : String(r.caseId),
  }))
  const saidFixed = new Set(rows.recent.flatMap((r) => (r.reading === 'fixed' && r.caseId !== null ? [Number(r.caseId)] : [])))
  const reportersOf = new Map<number, string[]>()
  for (const r of rows.reporters) reportersOf.set(Number(r.caseId), [...(reportersOf.get(Number(r.caseId)) ?? []), r.contactId])
  // A report handled again must not find its own case among those it could follow up.
  const openCases: OpenCase[] = [...rows.cases].reverse().filter((c) => c.sourceMessage !== msg.messageId).map((c) => ({
    ref: String(c.id), number: c.number, category: c.category, building: c.building, unit: c.unit, room: c.room, urgency: c.urgency,
    reporterIds: [c.reporterId, ...(reportersOf.get(c.id) ?? []).filter((id) => id !== c.reporterId)], openedAt: c.createdAt.getTime(), text: c.text,
    saidFixed: saidFixed.has(c.id), suspected: c.state === 'suspected',
  }))
  return { state: { groupBuilding: building, recent, openCases, botNames: BOT_NAMES, fragmentWindowMs: community.config.fragmentSeconds * 1000 }, at }
}

