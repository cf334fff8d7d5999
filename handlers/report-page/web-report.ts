import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { addReporter } from '../cases/case-store.js'
import type { CaseRow } from '../cases/case-store.js'
import { categoryName, locationText } from '../cases/case-texts.js'
import { stateWord } from '../cases/states.js'
import { registerCase } from '../cases/register-case.js'
import { understand } from '../parse/understand.js'
import { pictureTypeOfBytes } from '../cases/attach-photo.js'
import { newSecret } from '../dashboard/dashboard-commands.js'
import { isUniqueViolation } from '../db-errors.js'

/** Reporters through the report page have ids of their own, never a WeChat contact's. */
export const WEB_CONTACT = 'web:'

export const isWebContact = (id: string): boolean => id.startsWith(WEB_CONTACT)

/**
 * What of some replies goes to WeChat: nothing addressed to a report page's reporter (they read
 * their page), and no @ to one in a group post.
 */
export function forWeChat(replies: Reply[]): Reply[] {
  return replies
    .filter((r) => !isWebContact(r.conversationId))
    .map((r) => (r.mentionIds?.some(isWebContact) ? { ...r, mentionIds: r.mentionIds.filter((id) => !isWebContact(id)) } : r))
}

/** Kinds a building group never hears of from the report page: a neighbour's noise, a dispute, someone's care, a question. */
const KEPT_FROM_GROUP: ReadonlySet<string> = new Set(['noise', 'dispute', 'care', 'consult'])

/** What the resident wrote on the form, and where: the building comes from the code they scanned. */
export interface WebReportForm {
  text: string
  building: string | null
  unit: string | null
  room: string | null
}

/** The words a report page's submission is read and kept as: the place they chose, then what they wrote. */
export function webReportText(form: WebReportForm): string {
  const place = [form.building ? `${form.building}栋` : '', form.unit ? `${form.unit}单元` : '', form.room ? `${form.room}室` : ''].join('')
  return place ? `${place} ${form.text}` : form.text
}

/** The building group's one line about a report from the page: what and which building, nobody's name, room or words. */
export function webNoticeText(caseRow: CaseRow): string {
  const urgent = caseRow.urgency === 'urgent' ? '，紧急' : ''
  return `有居民扫码反映，已登记 #${caseRow.number}：${categoryName(caseRow.category)}｜${locationText({ building: caseRow.building, unit: null, room: null }, false)}${urgent}。由${caseRow.party}负责处理。`
}

/**
 * A report from the report page, read and registered exactly as a chat report is (the same
 * reading, numbering, routing, deadlines, duplicate merge and notices), as said by its reporter in
 * the building's group. The group hears one line that names nobody instead of the receipt, and
 * nothing at all of the kinds that concern one household; nothing unsure is lost (a suspected
 * report goes to 待确认). `ctx.msg` is the stored submission, its sender the page's reporter.
 */
export async function registerWebReport(ctx: HandlerContext, photo: { name: string; data: Uint8Array } | null = null): Promise<{ replies: Reply[]; caseRow: CaseRow | null }> {
  const { msg, clock, classifier, model } = ctx
  let caseRow: CaseRow | null = null
  const read = await understand(msg.text, msg.group?.building ?? null, { residentId: msg.sender.id, now: clock.now(), classifier, model })
  // Somebody took the trouble to fill in the form: what the reader doubts is kept for staff, never let go.
  const parsed = read.isRequest || read.suspected ? read : { ...read, suspected: true, category: read.category ?? 'other', urgency: read.urgency ?? 'normal' }
  const replies = await registerCase(ctx, { parsed, onCase: (c) => (caseRow = c) })
  const found = caseRow as CaseRow | null
  if (!found) return { replies, caseRow: null }
  const group = msg.group
  const quiet = KEPT_FROM_GROUP.has(found.category)
  const told = replies.flatMap((r): Reply[] => {
    if (!group || r.conversationId !== group.roomId) return [r]
    // The receipt addressed to the reporter becomes the notice; a merge tells the group nothing new.
    if (quiet || found.sourceMessage !== msg.messageId) return []
    return [{ conversationId: group.roomId, isRoom: true, text: webNoticeText(found), key: `${msg.messageId}:web-notice`, urgent: r.urgent ?? false }]
  })
  if (quiet && found.sourceMessage === msg.messageId && found.groupId !== null) {
    // Its progress is told on the reporter's page, never in the group.
    await ctx.db.case.update({ where: { id: found.id }, data: { groupId: null } })
    await ctx.db.caseReporter.updateMany({ where: { caseId: found.id, contactId: msg.sender.id }, data: { groupId: null } })
  }
  // The reporter's page finds its case; the photo goes with it as a resident's photo, once.
  await ctx.db.webReporter.updateMany({ where: { contactId: msg.sender.id, caseId: null }, data: { caseId: found.id } })
  if (photo) await keepResidentPhoto(ctx.db, { communityId: ctx.community.id, caseId: found.id, messageId: `${msg.messageId}:photo`, contactId: msg.sender.id, name: photo.name, data: photo.data, at: clock.now() })
  return { replies: told, caseRow: found }
}

/** A resident's photo kept with a case under the submission it came with: sent again, it is kept once. Nothing that is no picture. */
export async function keepResidentPhoto(db: HandlerContext['db'], photo: { communityId: number; caseId: number; messageId: string; contactId: string; name: string; data: Uint8Array; at: Date }): Promise<boolean> {
  const mimeType = pictureTypeOfBytes(photo.data)
  if (!mimeType) return false
  try {
    await db.casePhoto.create({
      data: {
        communityId: photo.communityId, caseId: photo.caseId, messageId: photo.messageId, contactId: photo.contactId, fileName: photo.name.slice(0, 80) || 'photo.jpg',
        mimeType, data: Buffer.from(photo.data), size: photo.data.length, source: 'resident', createdAt: photo.at, key: newSecret(),
      },
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
  }
  return true
}

/** A 关注 code as the report page shows it: six letters and digits. */
export const FOLLOW_CODE = /^[A-Za-z0-9]{6}$/

/**
 * 关注 CODE: the report page's reporter ties their WeChat account to their case (the code is shown
 * only on their private page): they become one of its reporters there, and its progress reaches
 * them as it reaches anyone who reported in the chat.
 */
export async function followCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const code = cmd.text.trim().toUpperCase()
  const reporter = FOLLOW_CODE.test(code) ? await db.webReporter.findFirst({ where: { communityId: community.id, followCode: code, erasedAt: null } }) : null
  const caseRow = reporter?.caseId ? await db.case.findUnique({ where: { id: reporter.caseId } }) : null
  if (!caseRow) return [replyHere(msg, '没有找到这个关注码，请核对扫码报事页上显示的 6 位码，例如：关注 K7M2Q9')]
  const added = await addReporter(db, caseRow, { id: msg.sender.id, name: msg.sender.name }, msg.group?.id ?? null, clock.now(), { action: 'joined', note: '扫码报事后在微信里关注' })
  const where = locationText({ building: caseRow.building, unit: caseRow.unit, room: null }, false)
  const head = added ? `已关注 #${caseRow.number}` : `您已经关注了 #${caseRow.number}`
  return [replyHere(msg, `${head}：${categoryName(caseRow.category)}｜${where}，目前「${stateWord(caseRow.state)}」。有进展会在这里通知您。`)]
}
