import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { caseLineText } from '../cases/case-texts.js'
import { overdueWhere } from '../cases/deadlines.js'
import { summaryFor } from './summary-for.js'

const scopeOf = ({ db, community, model }: HandlerContext) => ({
  db, communityId: community.id, communityName: community.config.community, timeZone: community.config.timezone, model,
})

/** 今日汇总 / 本周汇总. */
export async function askSummary(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const text = await summaryFor(scopeOf(ctx), cmd.word === '本周汇总' ? 'week' : 'day', ctx.clock.now())
  return [replyHere(ctx.msg, text)]
}

/** 逾期: the overdue cases, oldest first. */
export async function listOverdue({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const now = clock.now()
  const where = { communityId: community.id, ...overdueWhere(now) }
  const cases = await db.case.findMany({ where, orderBy: { createdAt: 'asc' }, take: 30 })
  if (cases.length === 0) return [replyHere(msg, '目前没有逾期工单。')]
  const total = await db.case.count({ where })
  // A group may be reading: rooms stay out of the list.
  const lines = cases.map((c) => caseLineText(c, now, msg.group === null))
  return [replyHere(msg, [`逾期工单 ${total} 件：`, ...lines].join('\n'))]
}

/** 通知 内容: the notice goes to every building group, paced by the outbox. */
export async function broadcastNotice({ msg, db, clock, community }: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const content = cmd.text
  if (!content) return [replyHere(msg, '请在「通知」后面写上通知内容，例如：通知 本周六上午9点停水检修，请提前储水。')]
  const groups = await db.chatGroup.findMany({ where: { communityId: community.id, kind: 'building', leftAt: null }, orderBy: { id: 'asc' } })
  if (groups.length === 0) return [replyHere(msg, '还没有可以发送的楼栋群。')]
  const text = `【通知】${content}\n——${community.config.community}`
  const posts: Reply[] = groups.map((g) => ({ conversationId: g.roomId, isRoom: true, text, key: `${msg.messageId}:notice-${g.id}`, broadcast: `${msg.messageId}:notice` }))
  const names = groups.map((g) => g.topic).join('、')
  await db.auditLog.create({ data: { communityId: community.id, actor: `${msg.sender.name}(${msg.sender.id})`, action: 'broadcast', detail: `${groups.length} 个楼栋群：${content.slice(0, 200)}`, at: clock.now() } })
  return [...posts, replyHere(msg, `通知已排队发往 ${groups.length} 个楼栋群（${names}），会逐个间隔发送。`, 'notice-ack')]
}
