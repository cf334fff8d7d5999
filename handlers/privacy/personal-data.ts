import { randomUUID } from 'node:crypto'
import type { Db } from '../context.js'
import { STAFF_ROLES } from '../context.js'

/** What replaces a removed person: a fresh id per row, so nothing links the rows again. */
const removedId = (): string => `removed-${randomUUID().slice(0, 8)}`
export const REMOVED_NAME = '居民'
export const REMOVED_TEXT = '（个人信息已删除）'

export interface Removed {
  messages: number
  cases: number
}

/**
 * Removes one resident's personal data (删除我的信息): their messages' text and name, their name,
 * id, words and room on the cases they reported or joined, their rating comments, pictures and
 * volunteer name. Case numbers, categories, buildings and figures stay, so the statistics stay true.
 * Running it again finds nothing left.
 */
export async function removeResidentData(db: Db, communityId: number, contactId: string, now: Date): Promise<Removed> {
  return db.$transaction(async (tx) => {
    const theirMessages = await tx.inboundMessage.findMany({ where: { communityId, talkerId: contactId }, select: { wechatId: true } })
    const messages = await tx.inboundMessage.updateMany({ where: { communityId, talkerId: contactId }, data: { talkerId: 'removed', talkerName: REMOVED_NAME, text: '', fileData: null, mentions: null } })
    // Staff's messages naming them (登记 @居民 …): the name and what was said about them go.
    const naming = await tx.inboundMessage.findMany({ where: { communityId, mentions: { contains: contactId } }, select: { id: true } })
    for (const m of naming) await tx.inboundMessage.update({ where: { id: m.id }, data: { text: '', mentions: null } })
    // Their pictures show their home: they go whole.
    await tx.casePhoto.deleteMany({ where: { communityId, contactId, source: 'resident' } })
    const own = await tx.case.findMany({ where: { communityId, reporterId: contactId }, select: { id: true, building: true, unit: true, room: true } })
    // What home visits noted of their household (health, living alone) goes with the rest.
    for (const home of own.filter((c) => c.building && c.room)) {
      const address = { communityId, building: home.building!, unit: home.unit ?? '', room: home.room! }
      await tx.visit.deleteMany({ where: address })
      await tx.household.deleteMany({ where: address })
    }
    await tx.trainingExample.deleteMany({ where: { communityId, caseId: { in: own.map((c) => c.id) } } })
    for (const c of own) {
      await tx.case.update({ where: { id: c.id }, data: { reporterId: removedId(), reporterName: REMOVED_NAME, text: REMOVED_TEXT, room: null, anonymisedAt: now } })
      await tx.rating.updateMany({ where: { caseId: c.id }, data: { raterId: 'removed', comment: null } })
    }
    const joined = await tx.caseReporter.findMany({ where: { contactId, caseRow: { communityId } }, select: { id: true, caseId: true } })
    for (const r of joined) await tx.caseReporter.update({ where: { id: r.id }, data: { contactId: removedId(), name: REMOVED_NAME } })
    const caseIds = [...new Set([...own.map((c) => c.id), ...joined.map((r) => r.caseId)])]
    // Their words on any case: their own, those they joined, and what they added to a neighbour's in the group.
    await tx.caseEvent.updateMany({ where: { actorId: contactId, caseRow: { communityId } }, data: { actorId: 'removed', actorName: REMOVED_NAME, note: null } })
    await tx.volunteerSignup.updateMany({ where: { communityId, contactId }, data: { name: REMOVED_NAME } })
    // The lines they added to activities (a friend's name too) keep their hours, not their names.
    const theirLines = await tx.activitySignup.findMany({ where: { contactId }, select: { activityId: true } })
    const ours = await tx.activity.findMany({ where: { id: { in: [...new Set(theirLines.map((l) => l.activityId))] }, communityId }, select: { id: true } })
    await tx.activitySignup.updateMany({ where: { contactId, activityId: { in: ours.map((a) => a.id) } }, data: { name: REMOVED_NAME } })
    // A report page's reporter: the phone and name they gave go; their private page then says so.
    await tx.webReporter.updateMany({ where: { communityId, contactId, erasedAt: null }, data: { phone: null, name: null, erasedAt: now } })
    // Private messages to them go; what was said about them elsewhere (replies to their messages,
    // notices of their cases to staff) keeps no words; group posts lose the @ to them.
    await tx.outboxMessage.deleteMany({ where: { communityId, conversationId: contactId, status: { in: FINISHED_SENDS } } })
    const about = [...theirMessages.map((m) => `${m.wechatId}:`), ...own.map((c) => `case-${c.id}:`)]
    for (const prefix of about) await forgetSent(tx, { communityId, dedupeKey: { startsWith: prefix } })
    await forgetSent(tx, { communityId, mentionIds: { contains: contactId } })
    const mentioned = await tx.outboxMessage.findMany({ where: { communityId, mentionIds: { contains: contactId } }, select: { id: true, mentionIds: true } })
    for (const m of mentioned) await tx.outboxMessage.update({ where: { id: m.id }, data: { mentionIds: m.mentionIds.split(',').filter((id) => id !== contactId).join(',') } })
    return { messages: messages.count, cases: caseIds.length }
  })
}

/** Outbox rows whose fate is settled: never sent again, so their words may go. */
const FINISHED_SENDS = ['sent', 'failed', 'unknown', 'dropped']

/** Settled outbox rows lose their words and pictures; the row stays, so nothing is sent twice. */
function forgetSent(db: Pick<Db, 'outboxMessage'>, where: NonNullable<Parameters<Db['outboxMessage']['updateMany']>[0]>['where']) {
  return db.outboxMessage.updateMany({ where: { ...where, status: { in: FINISHED_SENDS } }, data: { text: REMOVED_TEXT, fileData: null, mentionIds: '' } })
}

/**
 * The retention rule: cases finished (rated or closed) more than `days` ago lose the personal data they hold (names
 * and ids of residents, their words, the room, the pictures), and so do stored messages older than that.
 * Staff names on events stay: they acted in their role. Cases already anonymised are left alone.
 */
export async function purgeExpired(db: Db, communityId: number, now: Date, days: number): Promise<{ cases: number; messages: number }> {
  const before = new Date(now.getTime() - days * 24 * 3600_000)
  const staff = new Set(
    (await db.member.findMany({ where: { communityId } })).filter((m) => m.roles.split(',').some((r) => (STAFF_ROLES as readonly string[]).includes(r))).map((m) => m.contactId),
  )
  // Finished (rated, closed, or dismissed as no report), or a suspected report nobody confirmed, untouched since before the cut-off.
  const expired = await db.case.findMany({ where: { communityId, state: { in: ['rated', 'closed', 'dismissed', 'suspected'] }, updatedAt: { lt: before }, anonymisedAt: null }, select: { id: true, sourceMessage: true } })
  for (const c of expired) {
    await db.$transaction(async (tx) => {
      await tx.case.update({ where: { id: c.id }, data: { reporterId: removedId(), reporterName: REMOVED_NAME, text: REMOVED_TEXT, room: null, anonymisedAt: now } })
      for (const r of await tx.caseReporter.findMany({ where: { caseId: c.id } })) {
        await tx.caseReporter.update({ where: { id: r.id }, data: { contactId: removedId(), name: REMOVED_NAME } })
      }
      for (const e of await tx.caseEvent.findMany({ where: { caseId: c.id } })) {
        if (staff.has(e.actorId) || e.actorId === 'system') continue
        await tx.caseEvent.update({ where: { id: e.id }, data: { actorId: 'removed', actorName: REMOVED_NAME, note: null } })
      }
      await tx.rating.updateMany({ where: { caseId: c.id }, data: { raterId: 'removed', comment: null } })
      await tx.casePhoto.deleteMany({ where: { caseId: c.id } })
      await tx.trainingExample.deleteMany({ where: { caseId: c.id } })
      await tx.webReporter.updateMany({ where: { caseId: c.id, erasedAt: null }, data: { phone: null, name: null, erasedAt: now } })
      await forgetSent(tx, { communityId, dedupeKey: { startsWith: `case-${c.id}:` } })
      if (c.sourceMessage) await tx.inboundMessage.updateMany({ where: { wechatId: c.sourceMessage }, data: { talkerId: 'removed', talkerName: REMOVED_NAME, text: '' } })
    })
  }
  const messages = await db.inboundMessage.updateMany({ where: { communityId, receivedAt: { lt: before }, talkerId: { not: 'removed' } }, data: { talkerId: 'removed', talkerName: REMOVED_NAME, text: '', mentions: null, fileData: null } })
  // Whatever was sent before the cut-off, and what home visits noted then, is kept no longer either.
  await forgetSent(db, { communityId, createdAt: { lt: before }, text: { not: REMOVED_TEXT } })
  await db.visit.updateMany({ where: { communityId, at: { lt: before }, note: { not: '' } }, data: { note: '' } })
  return { cases: expired.length, messages: messages.count }
}
