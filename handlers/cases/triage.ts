import type { Party } from '../community/vocabulary.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { Urgency } from '../parse/parse-message.js'
import { momentText } from '../time.js'
import { mayActOn, outOfScopeText } from './access.js'
import { findCase, moveCase, type CaseRow } from './case-store.js'
import { ackText } from './case-texts.js'
import { deadlinesFor } from './deadlines.js'
import { notifyHandler } from './notify-handler.js'
import { handlerFor } from './routing.js'
import { withRoster } from './staff-roster.js'
import { recordExample } from './station-examples.js'
import { stateWord } from './states.js'

const USAGE = { 确认: '确认 #12', 不是: '不是 #12' }

/** 确认 #N: a suspected report becomes a case; the reporter's group is told, with when it was reported. */
export async function confirmCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const found = await suspectedCase(ctx, cmd, '确认')
  if (!('caseRow' in found)) return found.replies
  const { caseRow } = found
  const now = ctx.clock.now()
  const { config } = ctx.community
  const actor = { id: ctx.msg.sender.id, name: ctx.msg.sender.name }
  const deadlines = deadlinesFor(caseRow.urgency as Urgency, now, config)
  const updated = await moveCase(ctx.db, caseRow, { to: 'reported', actor, action: 'confirmed', note: '工作人员确认为反映', at: now, deadlines })
  await recordExample(ctx.db, updated, 'confirmed', true, { actorId: actor.id, messageId: ctx.msg.messageId }, now, ctx.community.config.publicNumbers)
  const handler = handlerFor(updated.party as Party, updated.building, withRoster(config, await ctx.ports.staffRoster(ctx.db)))
  const when = momentText(updated.createdAt, config.timezone)
  const replies: Reply[] = []
  const group = updated.groupId === null ? null : await ctx.db.chatGroup.findUnique({ where: { id: updated.groupId } })
  if (group) {
    const text = `您 ${when} 反映的问题${ackText(updated, handler?.name ?? null)}`
    replies.push({ conversationId: group.roomId, isRoom: true, text, mentionIds: [updated.reporterId], key: `${ctx.msg.messageId}:case-${updated.id}` })
  }
  if (group?.roomId !== ctx.msg.group?.roomId) replies.push(replyHere(ctx.msg, `#${updated.number} 已确认登记，已告知反映人。`))
  return [...replies, ...(await notifyHandler(ctx, updated, 'new'))]
}

/** 不是 #N: a suspected report was no report; nothing is said in the group. */
export async function dismissCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const found = await suspectedCase(ctx, cmd, '不是')
  if (!('caseRow' in found)) return found.replies
  const now = ctx.clock.now()
  const actor = { id: ctx.msg.sender.id, name: ctx.msg.sender.name }
  const updated = await moveCase(ctx.db, found.caseRow, { to: 'dismissed', actor, action: 'dismissed', note: '工作人员确认不是反映', at: now })
  await recordExample(ctx.db, updated, 'dismissed', false, { actorId: actor.id, messageId: ctx.msg.messageId }, now, ctx.community.config.publicNumbers)
  return [replyHere(ctx.msg, `#${updated.number} 已排除，不计入工单。`)]
}

type Found = { caseRow: CaseRow } | { replies: Reply[] }

async function suspectedCase(ctx: HandlerContext, cmd: ParsedCommand, word: keyof typeof USAGE): Promise<Found> {
  if (cmd.number === null) return { replies: [replyHere(ctx.msg, `请写上编号，例如：${USAGE[word]}`)] }
  const caseRow = await findCase(ctx.db, ctx.community.id, cmd.number)
  if (!caseRow) return { replies: [replyHere(ctx.msg, `没有找到 #${cmd.number}，请核对编号。`)] }
  if (!mayActOn(ctx.msg.sender, caseRow, ctx.community.config)) return { replies: [replyHere(ctx.msg, outOfScopeText(caseRow.number, caseRow.party))] }
  if (caseRow.state !== 'suspected') {
    return { replies: [replyHere(ctx.msg, `#${caseRow.number} 不是待确认的疑似反映（目前「${stateWord(caseRow.state)}」）。`)] }
  }
  return { caseRow }
}
