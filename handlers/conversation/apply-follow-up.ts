import type { HandlerContext, Reply } from '../context.js'
import { isStaff, replyHere } from '../context.js'
import { isUniqueViolation } from '../db-errors.js'
import type { Party } from '../community/vocabulary.js'
import { FOLLOW_UP, URGENT_STEP, moveCase, type CaseRow } from '../cases/case-store.js'
import type { CaseState } from '../cases/states.js'
import { joinedText, mergedAckText, nowUrgentText, otherBuildingText, saidFixedText } from '../cases/case-texts.js'
import { deadlinesFor } from '../cases/deadlines.js'
import { mayJoin } from '../cases/join-case.js'
import { notifyHandler } from '../cases/notify-handler.js'
import { handlerFor, staffGroupFor } from '../cases/routing.js'
import { withRoster } from '../cases/staff-roster.js'
import type { FollowUpEffect } from './read-in-conversation.js'


/**
 * A resident's follow-up of an open case: kept in its history as their note, and its effect — a
 * co-reporter (same), the case made urgent (urgent), the handler told it works again (fixed), or
 * nothing more (info). The note is keyed by the message, and the note and the effect are one
 * transaction: handled again (retry, restart, another process), the message changes nothing twice
 * and gets the same replies, which the outbox keys keep single.
 */
export async function applyFollowUp(ctx: HandlerContext, caseRow: CaseRow, effect: FollowUpEffect, note: string, reportLike = false): Promise<Reply[]> {
  const { msg, clock } = ctx
  const group = msg.group!
  const sender = { id: msg.sender.id, name: msg.sender.name }
  const now = clock.now()
  if (effect === 'same' && !(await mayJoin(ctx, caseRow))) return [replyHere(msg, otherBuildingText(caseRow))]
  if (effect === 'info') {
    // The note alone, in one keyed statement; the reporter finishing their report a moment later also
    // adds it to the case's text, so the case keeps the whole of it.
    const finishing = caseRow.reporterId === sender.id && now.getTime() - caseRow.createdAt.getTime() <= ctx.community.config.fragmentSeconds * 1000
    await ctx.ports.conversations.addNote({
      caseId: caseRow.id, actorId: sender.id, actorName: sender.name, state: caseRow.state, note, at: now, sourceMessage: msg.messageId, appendToText: finishing,
    })
    return []
  }
  return ctx.ports.transaction(ctx.db, async (db) => {
    const done = await db.caseEvent.findUnique({ where: { sourceMessage: msg.messageId } })
    if (!done) {
      try {
        await db.caseEvent.create({
          data: { caseId: caseRow.id, actorId: sender.id, actorName: sender.name, action: FOLLOW_UP, fromState: caseRow.state, toState: caseRow.state, note, at: now, sourceMessage: msg.messageId },
        })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
      }
    }
    const c = { ...ctx, db }
    if (effect === 'same') {
      if (!done && !(await db.caseReporter.findUnique({ where: { caseId_contactId: { caseId: caseRow.id, contactId: sender.id } } }))) {
        await db.caseReporter.create({ data: { caseId: caseRow.id, contactId: sender.id, name: sender.name, groupId: group.id, createdAt: now } })
      }
      if (caseRow.state === 'suspected') return []
      // Counted up to this message's own joining, so a second handling says the same.
      const joinedAt = (await db.caseReporter.findUnique({ where: { caseId_contactId: { caseId: caseRow.id, contactId: sender.id } } }))?.id ?? Number.MAX_SAFE_INTEGER
      const others = await db.caseReporter.count({ where: { caseId: caseRow.id, id: { lt: joinedAt } } })
      const urgent = caseRow.urgency === 'urgent'
      // A neighbour who described the fault themselves hears what the case is and where it stands, as a merged report does.
      if (reportLike) return [{ ...replyHere(msg, mergedAckText(caseRow, others + 1), 'ack'), coalesce: 'ack' as const, urgent }]
      return [{ ...replyHere(msg, joinedText(caseRow.number, others), 'same'), coalesce: 'same' as const, urgent }]
    }
    if (effect === 'urgent') {
      if (!done && caseRow.urgency !== 'urgent') {
        const next = await moveCase(db, caseRow, {
          to: caseRow.state as CaseState, actor: sender, action: URGENT_STEP, at: now, source: `${msg.messageId}:urgent`,
          fields: { urgency: 'urgent' }, deadlines: deadlinesFor('urgent', caseRow.createdAt, ctx.community.config),
        })
        return urgentNotices(c, next, note)
      }
      // This very message made it urgent before (handled again): the same notices, which the outbox keeps single.
      const byThis = done && (await db.caseEvent.findUnique({ where: { sourceMessage: `${msg.messageId}:urgent` } }))
      return byThis ? urgentNotices(c, await db.case.findUniqueOrThrow({ where: { id: caseRow.id } }), note) : []
    }
    return saidFixed(c, caseRow, note)
  })
}

/** The handler (and the party's staff group) at once through the urgent lane; the reporter's group once (a case is made urgent once). */
async function urgentNotices(ctx: HandlerContext, caseRow: CaseRow, note: string): Promise<Reply[]> {
  const notices = await notifyHandler(ctx, caseRow, 'urgent', { words: note, key: `${ctx.msg.messageId}:urgent-notice` })
  const reporterGroup = caseRow.groupId === ctx.msg.group!.id ? ctx.msg.group!.roomId : null
  const room = reporterGroup ?? (caseRow.groupId ? (await ctx.db.chatGroup.findUnique({ where: { id: caseRow.groupId } }))?.roomId ?? null : null)
  const told: Reply[] = room ? [{ conversationId: room, isRoom: true, text: nowUrgentText(caseRow.number), key: `${ctx.msg.messageId}:now-urgent`, urgent: true }] : []
  return [...told, ...notices]
}

/** The handler, privately, once a case: a resident says it works again. The bot never closes it. */
async function saidFixed(ctx: HandlerContext, caseRow: CaseRow, note: string): Promise<Reply[]> {
  if (isStaff(ctx.msg.sender)) return []
  // Once a case: a second neighbour saying so tells the handler nothing new.
  const toldBefore = await ctx.db.inboundMessage.count({ where: { caseId: caseRow.id, reading: 'fixed', wechatId: { not: ctx.msg.messageId } } })
  if (toldBefore > 0) return []
  const config = withRoster(ctx.community.config, await ctx.ports.staffRoster(ctx.db))
  const person = handlerFor(caseRow.party as Party, caseRow.building, config)
  const text = saidFixedText(caseRow.number, note, config.publicNumbers)
  // Keyed by the message: the note carries the resident's words, and goes with their data when they ask.
  const key = `${ctx.msg.messageId}:said-fixed`
  if (person) return [{ conversationId: person.id, isRoom: false, text, key }]
  const topic = staffGroupFor(caseRow.party as Party, config)
  const room = topic && config.groups.find((g) => g.topic === topic)?.kind === 'staff' ? await ctx.ports.roomOfTopic(topic) : null
  return room ? [{ conversationId: room, isRoom: true, text, key }] : []
}
