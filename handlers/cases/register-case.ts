import type { Party } from '../community/vocabulary.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { isUniqueViolation } from '../db-errors.js'
import type { ParsedMessage } from '../parse/parse-message.js'
import { understand } from '../parse/understand.js'
import { addReporter, type Actor, type CaseRow } from './case-store.js'
import { ackText, looksLikeOwnPost, mergedAckText } from './case-texts.js'
import { deadlinesFor } from './deadlines.js'
import { findDuplicate } from './duplicates.js'
import { notifyHandler } from './notify-handler.js'
import { withRoster } from './staff-roster.js'
import { handlerFor, partyFor } from './routing.js'

const PRIVATE_REPORT_HINT = '收到您的反映。为了方便物业和楼栋长跟进，请把问题发在您所在的楼栋群里，我会马上登记并回复工单号。'

export interface Registration {
  /** What the message says, when it was read already (the privacy check, 登记). */
  parsed?: ParsedMessage
  /** Whose report it is, when staff register it for a resident (登记 @居民 …). */
  reporter?: Actor
  /** The report's words, when they are not the whole message. */
  text?: string
  /** What to read for whether it is a report, when part of the message only agrees ("我也是，…"). */
  readText?: string
  /** Told the case the message opened or joined. */
  onCase?: (caseRow: CaseRow) => void
}

/**
 * 提: a resident's free text becomes a case (or joins the same open one), acknowledged in the
 * same group; a message the model doubts is kept as a suspected report for staff, unanswered.
 */
export async function registerCase(ctx: HandlerContext, registration: Registration = {}): Promise<Reply[]> {
  const { msg, db, clock, community, classifier, model } = ctx
  const text = registration.text ?? msg.text
  const reporter = registration.reporter ?? { id: msg.sender.id, name: msg.sender.name }
  // Never a reply loop with another bot (or a forward) repeating what this bot said.
  if (looksLikeOwnPost(text)) return []
  const parsed = registration.parsed ?? (await understand(registration.readText ?? text, msg.group?.building ?? null, { residentId: reporter.id, now: clock.now(), classifier, model }))
  if (!(parsed.isRequest || parsed.suspected) || !parsed.category || !parsed.urgency) return []
  // Cases are followed up where neighbours and staff can see them: the building's group.
  if (!msg.group) return parsed.isRequest ? [replyHere(msg, PRIVATE_REPORT_HINT)] : []

  const now = clock.now()
  const config = community.config
  const group = msg.group
  const { category, urgency } = parsed
  const report = { category, building: parsed.building, unit: parsed.unit, room: parsed.room, text }
  // Two neighbours reporting one fault at the same moment: the second waits for the first's case,
  // so it finds it and joins it instead of opening a second one.
  return serialized(ctx, `${community.id}:${report.building ?? ''}:${report.category}`, async () => {
    const duplicate = parsed.isRequest ? await findDuplicate(ctx.ports.cases, community.id, report, now, classifier) : null
    // This very message's own case: handled before, then stopped before it was marked handled. The same replies again.
    if (duplicate) registration.onCase?.(duplicate)
    if (duplicate?.sourceMessage === msg.messageId) return acknowledged(ctx, duplicate)
    if (duplicate) {
      await addReporter(db, duplicate, reporter, group.id, now, { action: 'merged', note: text })
      const reporters = await db.caseReporter.count({ where: { caseId: duplicate.id } })
      return [{ ...ackHere(ctx, mergedAckText(duplicate, reporters), reporter), coalesce: 'ack', urgent: duplicate.urgency === 'urgent' }]
    }

    const party: Party = partyFor(category, text, config)
    let caseRow: CaseRow
    try {
      caseRow = await ctx.ports.cases.createNumbered({
        communityId: community.id,
        category,
        building: parsed.building,
        unit: parsed.unit,
        room: parsed.room,
        urgency,
        state: parsed.isRequest ? 'reported' : 'suspected',
        text,
        reporterId: reporter.id,
        reporterName: reporter.name,
        groupId: group.id,
        party,
        parserVersion: parsed.parserVersion,
        sourceMessage: msg.messageId,
        ...deadlinesFor(urgency, now, config),
        createdAt: now,
        overdueAt: null,
        escalationLevel: 0,
        discussedAt: null,
      })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // The same WeChat message handled again (after a crash): the same replies, which the outbox keys keep single.
      const existing = await db.case.findUnique({ where: { sourceMessage: msg.messageId } })
      if (!existing) throw error
      caseRow = existing
    }
    registration.onCase?.(caseRow)
    return acknowledged(ctx, caseRow)
  })
}

const serialized = <T>(ctx: HandlerContext, key: string, work: () => Promise<T>): Promise<T> => (ctx.serialize ? ctx.serialize(key, work) : work())

const ackHere = (ctx: HandlerContext, text: string, reporter: Actor): Reply => ({ ...replyHere(ctx.msg, text, 'ack'), mentionIds: [reporter.id] })

/**
 * The acknowledgement of a new case in the reporter's group, and the notice to whoever handles it.
 * A suspected report is not acknowledged; only an urgent one is put before its handler at once.
 */
async function acknowledged(ctx: HandlerContext, caseRow: CaseRow): Promise<Reply[]> {
  if (caseRow.state === 'suspected') return caseRow.urgency === 'urgent' ? notifyHandler(ctx, caseRow, 'suspected') : []
  const handler = handlerFor(caseRow.party as Party, caseRow.building, withRoster(ctx.community.config, await ctx.ports.staffRoster(ctx.db)))
  const reporter = { id: caseRow.reporterId, name: caseRow.reporterName }
  const receipt: Reply = { ...ackHere(ctx, ackText(caseRow, handler?.name ?? null, ctx.msg.group !== null), reporter), coalesce: 'ack', urgent: caseRow.urgency === 'urgent' }
  return [receipt, ...(await notifyHandler(ctx, caseRow, 'new'))]
}
