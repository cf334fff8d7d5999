import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { fillFreedPlaces, activityTimeText } from './jielong-activity.js'
import { withdraw as withdrawFromRedSaturday } from './volunteer-commands.js'

/** An activity that began this long ago can still be left (someone running late tells the organiser). */
const LEAVE_AFTER_START_MS = 2 * 3_600_000

/**
 * 来不了 [序号]: takes the sender's lines off their coming activity (asks which when there are
 * several); the freed places go to the waiting list in order, and the organiser is told privately.
 * With no activity, it is the Red Saturday leave it always was.
 */
export async function leaveActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const timeZone = community.config.timezone
  const mine = await db.activitySignup.findMany({ where: { contactId: msg.sender.id, status: { in: ['signed', 'waiting'] } }, select: { activityId: true } })
  const activities = mine.length
    ? await db.activity.findMany({ where: { id: { in: [...new Set(mine.map((m) => m.activityId))] }, communityId: community.id, state: 'open', startsAt: { gte: new Date(now.getTime() - LEAVE_AFTER_START_MS) } }, orderBy: { startsAt: 'asc' } })
    : []
  const privately = (text: string, key = 'leave'): Reply => ({ conversationId: msg.sender.id, isRoom: false, text, key: `${msg.messageId}:${key}` })
  if (activities.length === 0) return withdrawFromRedSaturday(ctx)
  const chosen = activities.length === 1 ? activities[0]! : cmd.number !== null ? activities[cmd.number - 1] : undefined
  if (!chosen) {
    const list = activities.map((a, i) => `${i + 1}. ${a.title}（${activityTimeText(a, timeZone)}）`)
    return [privately(['您报名了几个活动，是哪一个来不了？回复「来不了 序号」：', ...list].join('\n'), 'which')]
  }
  const lines = await db.activitySignup.findMany({ where: { activityId: chosen.id, contactId: msg.sender.id, status: { in: ['signed', 'waiting'] } } })
  for (const line of lines) await db.activitySignup.update({ where: { id: line.id }, data: { status: 'withdrawn', changedBy: msg.messageId } })
  const promoted = await fillFreedPlaces(db, chosen, msg.messageId)
  const signed = await db.activitySignup.count({ where: { activityId: chosen.id, status: 'signed' } })
  const when = activityTimeText(chosen, timeZone)
  const replies: Reply[] = [privately(`好的，已经把您从「${chosen.title}」（${when}）的名单上去掉了。谢谢告知！`)]
  for (const p of promoted) {
    replies.push({ conversationId: p.contactId, isRoom: false, key: `activity:${chosen.id}:promoted:${p.id}`, text: `有人来不了，您从候补补上了：「${chosen.title}」，${when}。来不了请回复「来不了」。` })
  }
  if (chosen.organiserId !== msg.sender.id) {
    const names = lines.map((l) => l.name).join('、')
    const filled = promoted.length ? `候补的${promoted.map((p) => p.name).join('、')}补上了。` : ''
    const count = chosen.places === null ? `现在 ${signed} 人` : `现在 ${signed}/${chosen.places} 人`
    replies.push({ conversationId: chosen.organiserId, isRoom: false, key: `${msg.messageId}:organiser`, text: `「${chosen.title}」（${when}）：${names}来不了。${filled}${count}。` })
  }
  return replies
}
