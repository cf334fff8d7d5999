import type { Party } from '../../bot/community-config.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { isUniqueViolation } from '../db-errors.js'
import { understand } from '../parse/understand.js'
import { addReporter, createCase, type CaseRow } from './case-store.js'
import { ackText, looksLikeOwnPost, mergedAckText } from './case-texts.js'
import { deadlinesFor } from './deadlines.js'
import { findDuplicate } from './duplicates.js'
import { notifyHandler } from './notify-handler.js'
import { handlerFor, partyFor } from './routing.js'

const PRIVATE_REPORT_HINT = '收到您的反映。为了方便物业和楼栋长跟进，请把问题发在您所在的楼栋群里，我会马上登记并回复工单号。'

/** 提: a resident's free text becomes a case (or joins the same open one), acknowledged in the same group. */
export async function registerCase(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community, classifier, model } = ctx
  // Never a reply loop with another bot (or a forward) repeating what this bot said.
  if (looksLikeOwnPost(msg.text)) return []
  const parsed = await understand(msg.text, msg.group?.building ?? null, { residentId: msg.sender.id, now: clock.now(), classifier, model })
  if (!parsed.isRequest || !parsed.category || !parsed.urgency) return []
  // Cases are followed up where neighbours and staff can see them: the building's group.
  if (!msg.group) return [replyHere(msg, PRIVATE_REPORT_HINT)]

  const now = clock.now()
  const config = community.config
  const report = { category: parsed.category, building: parsed.building, unit: parsed.unit, room: parsed.room, text: msg.text }
  const duplicate = await findDuplicate(db, community.id, report, now)
  // This very message's own case: handled before, then stopped before it was marked handled. The same replies again.
  if (duplicate?.sourceMessage === msg.messageId) return acknowledged(ctx, duplicate)
  if (duplicate) {
    await addReporter(db, duplicate, { id: msg.sender.id, name: msg.sender.name }, msg.group.id, now, { action: 'merged', note: msg.text })
    const reporters = await db.caseReporter.count({ where: { caseId: duplicate.id } })
    return [{ ...replyHere(msg, mergedAckText(duplicate, reporters), 'ack'), coalesce: 'ack' }]
  }

  const party: Party = partyFor(parsed.category, msg.text, config)
  let caseRow: CaseRow
  try {
    caseRow = await createCase(db, {
      communityId: community.id,
      category: parsed.category,
      building: parsed.building,
      unit: parsed.unit,
      room: parsed.room,
      urgency: parsed.urgency,
      state: 'reported',
      text: msg.text,
      reporterId: msg.sender.id,
      reporterName: msg.sender.name,
      groupId: msg.group.id,
      party,
      parserVersion: parsed.parserVersion,
      sourceMessage: msg.messageId,
      ...deadlinesFor(parsed.urgency, now, config.deadlines, config.timezone),
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
  return acknowledged(ctx, caseRow)
}

/** The acknowledgement of a new case in the reporter's group, and the notice to whoever handles it. */
async function acknowledged(ctx: HandlerContext, caseRow: CaseRow): Promise<Reply[]> {
  const handler = handlerFor(caseRow.party as Party, caseRow.building, ctx.community.config)
  return [{ ...replyHere(ctx.msg, ackText(caseRow, handler?.name ?? null), 'ack'), coalesce: 'ack' }, ...(await notifyHandler(ctx, caseRow, 'new'))]
}
