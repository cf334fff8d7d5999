import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { localDateKey, startOfLocalDay, addLocalDays, dayText } from '../time.js'
import { activityTimeText } from './activity-text.js'
import { servicesBetween, type Service } from './service-record.js'

/** A day's service is counted up to this long, in case someone forgets to check out for days. */
export const MAX_MINUTES = 12 * 60

export const hoursText = (minutes: number): string => {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h && m ? `${h} 小时 ${m} 分钟` : h ? `${h} 小时` : `${m} 分钟`
}

/** The sender's signed-up lines of activities that take place today, one per activity, earliest first. */
async function todaysLines(ctx: HandlerContext) {
  const { db, clock, community, msg } = ctx
  const now = clock.now()
  const timeZone = community.config.timezone
  const from = startOfLocalDay(now, timeZone)
  const activities = await db.activity.findMany({ where: { communityId: community.id, state: 'open', startsAt: { gte: from, lt: addLocalDays(now, 1, timeZone) } }, orderBy: { startsAt: 'asc' } })
  const lines = activities.length ? await db.activitySignup.findMany({ where: { activityId: { in: activities.map((a) => a.id) }, contactId: msg.sender.id, status: 'signed' }, orderBy: { id: 'asc' } }) : []
  return activities.flatMap((a) => {
    const line = lines.find((l) => l.activityId === a.id)
    return line ? [{ activity: a, line }] : []
  })
}

/**
 * 签到 [序号] for the activity of the day the sender signed up for (asked which when there are
 * several); null when they have none today, and 签到 is then the Red Saturday's.
 */
export async function checkInToActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[] | null> {
  const { msg, db, clock, community } = ctx
  const today = await todaysLines(ctx)
  if (today.length === 0) return null
  const timeZone = community.config.timezone
  const chosen = today.length === 1 ? today[0]! : cmd.number !== null ? today[cmd.number - 1] : undefined
  if (!chosen) return [replyHere(msg, ['您今天报名了几个活动，签到哪一个？回复「签到 序号」：', ...today.map((t, i) => `${i + 1}. ${t.activity.title}（${activityTimeText(t.activity, timeZone)}）`)].join('\n'), 'which')]
  if (chosen.line.checkedInAt) return [replyHere(msg, `您已经签到过「${chosen.activity.title}」了，结束时发「签退」。`, 'checked-in-again')]
  await db.activitySignup.update({ where: { id: chosen.line.id }, data: { checkedInAt: clock.now() } })
  return [replyHere(msg, `签到成功：「${chosen.activity.title}」。感谢您来参加志愿服务，结束时发「签退」。`, 'checked-in')]
}

/** 签退 for today's activity the sender checked in to; null when there is none, and 签退 is the Red Saturday's. */
export async function checkOutOfActivity(ctx: HandlerContext): Promise<Reply[] | null> {
  const { msg, db, clock } = ctx
  const now = clock.now()
  const open = (await todaysLines(ctx)).filter((t) => t.line.checkedInAt && !t.line.checkedOutAt)
  if (open.length === 0) return null
  const replies: Reply[] = []
  for (const { activity, line } of open) {
    const minutes = Math.min(MAX_MINUTES, Math.max(0, Math.round((now.getTime() - line.checkedInAt!.getTime()) / 60_000)))
    await db.activitySignup.update({ where: { id: line.id }, data: { checkedOutAt: now, minutes } })
    replies.push(replyHere(msg, `签退成功：「${activity.title}」本次服务 ${hoursText(minutes)}，今年累计 ${hoursText(await yearMinutes(ctx, msg.sender.id))}。辛苦了！`, `checked-out:${activity.id}`))
  }
  return replies
}

/** A volunteer's minutes of service this year: Red Saturdays and every activity. */
export async function yearMinutes(ctx: Pick<HandlerContext, 'db' | 'clock' | 'community'>, contactId: string): Promise<number> {
  return (await yearRecord(ctx, contactId)).reduce((sum, r) => sum + r.minutes, 0)
}

/** What a volunteer did this year, day by day: the Red Saturdays and activities they signed up for that have taken place. */
export async function yearRecord({ db, clock, community }: Pick<HandlerContext, 'db' | 'clock' | 'community'>, contactId: string): Promise<Service[]> {
  const now = clock.now()
  const today = localDateKey(now, community.config.timezone)
  return servicesBetween(db, community, `${today.slice(0, 4)}-01-01`, today, now, contactId)
}

/** 我的时长 (privately): this year's service, day by day, with the total. */
export async function myHours(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, community } = ctx
  const records = (await yearRecord(ctx, msg.sender.id)).filter((r) => r.came)
  const privately = (text: string): Reply => ({ conversationId: msg.sender.id, isRoom: false, text, key: `${msg.messageId}:my-hours` })
  const year = ctx.clock.now().getFullYear()
  if (records.length === 0) return [privately(`${year} 年您还没有签到过的志愿服务。参加活动时到场发「签到」、结束发「签退」，时长就记上了。`)]
  const total = records.reduce((sum, r) => sum + r.minutes, 0)
  const timeZone = community.config.timezone
  const lines = records.map((r) => `${dayText(new Date(`${r.day}T12:00:00+08:00`), timeZone)} ${r.title} ${hoursText(r.minutes)}`)
  return [privately([`${msg.sender.name}，您 ${year} 年参加志愿服务 ${records.length} 次，共 ${hoursText(total)}：`, ...lines, '需要证明时请联系驿站。'].join('\n'))]
}
