import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { localDateKey, startOfLocalDay, addLocalDays, dayText } from '../time.js'
import { activityTimeText, hoursText } from './activity-text.js'
import { servicesBetween, type Service } from './service-record.js'
import { certificateSvg } from './certificate.js'

/** A day's service is counted up to this long, in case someone forgets to check out for days. */
export const MAX_MINUTES = 12 * 60


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
  const checkedIn = (await todaysLines(ctx)).filter((t) => t.line.checkedInAt)
  if (checkedIn.length === 0) return null
  const open = checkedIn.filter((t) => !t.line.checkedOutAt)
  if (open.length === 0) return [replyHere(msg, `您今天已经签退过了，本次服务 ${hoursText(checkedIn.reduce((sum, t) => sum + t.line.minutes, 0))}。`, 'checked-out-again')]
  const replies: Reply[] = []
  for (const { activity, line } of open) {
    const minutes = Math.min(MAX_MINUTES, Math.max(0, Math.round((now.getTime() - line.checkedInAt!.getTime()) / 60_000)))
    await db.activitySignup.update({ where: { id: line.id }, data: { checkedOutAt: now, minutes } })
    replies.push(replyHere(msg, `签退成功：「${activity.title}」本次服务 ${hoursText(minutes)}，累计 ${hoursText(await yearMinutes(ctx, msg.sender.id))}。辛苦了！`, `checked-out:${activity.id}`))
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

/** 我的时长 (privately): this year's service, day by day, with the total; 我的时长 证明 also as a 志愿服务证明 picture. */
export async function myHours(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, community } = ctx
  const records = (await yearRecord(ctx, msg.sender.id)).filter((r) => r.came)
  const privately = (text: string, key = 'my-hours'): Reply => ({ conversationId: msg.sender.id, isRoom: false, text, key: `${msg.messageId}:${key}` })
  const today = localDateKey(ctx.clock.now(), community.config.timezone)
  const year = today.slice(0, 4)
  if (records.length === 0) return [privately(`${year} 年您还没有签到过的志愿服务。参加活动时到场发「签到」、结束发「签退」，时长就记上了。`)]
  const total = records.reduce((sum, r) => sum + r.minutes, 0)
  const timeZone = community.config.timezone
  const lines = records.map((r) => `${dayText(new Date(`${r.day}T12:00:00+08:00`), timeZone)} ${r.title} ${hoursText(r.minutes)}`)
  const wantsCertificate = /证明/.test(cmd.text)
  const text = privately([`${msg.sender.name}，您 ${year} 年参加志愿服务 ${records.length} 次，共 ${hoursText(total)}：`, ...lines, wantsCertificate ? '志愿服务证明见下图。' : '需要证明的话，回复「我的时长 证明」，会发一张图片。'].join('\n'))
  if (!wantsCertificate) return [text]
  const [, month, day] = today.split('-').map(Number)
  const svg = certificateSvg({ name: msg.sender.name, community: community.config.community, year, services: records, issued: `${year}年${month}月${day}日` })
  const png = await ctx.ports.renderSvg?.(svg)
  if (!png) return [text, privately('证明图片这次没能生成，请联系驿站开具纸质证明。', 'certificate-none')]
  return [text, { conversationId: msg.sender.id, isRoom: false, text: `${year} 年志愿服务证明（${msg.sender.name}）`, key: `${msg.messageId}:certificate`, image: { name: `volunteer-${year}.png`, data: png } }]
}
