import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { buildingText } from '../cases/case-texts.js'
import { normalizeText } from '../parse/normalize.js'
import { localDateKey } from '../time.js'
import { calendarNoticeText, redSaturdayOf } from './red-saturday.js'
import { rosterLines } from './roster.js'
import { checkInToActivity, checkOutOfActivity } from './activity-attendance.js'
import { redSaturdayActivity, redSaturdayLines } from './red-saturday-activity.js'
import { hoursText } from './activity-text.js'
import { perVolunteer, servicesBetween } from './service-record.js'

export const buildingIn = (text: string): string | null => {
  const m = /(\d{1,3}|[A-Za-z])\s*(?:号楼|#楼|栋|幢|座)/.exec(normalizeText(text))
  return m ? m[1]!.toUpperCase() : null
}

/** The sender's line on this week's Red Saturday, any building's (not taken back), if any. */
async function lineOf(ctx: HandlerContext, saturdayKey: string) {
  return (await redSaturdayLines(ctx.db, ctx.community.id, saturdayKey, null)).find((l) => l.contactId === ctx.msg.sender.id && l.status !== 'withdrawn')
}

/** 报名红周六 [3栋]: signs the sender up for the coming Red Saturday. */
export async function signUp(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const saturday = redSaturdayOf(clock.now(), community.config)
  const building = buildingIn(cmd.text) ?? msg.group?.building ?? null
  const activity = await redSaturdayActivity(db, community, saturday, clock.now(), building)
  const line = await lineOf(ctx, saturday.key)
  // Signing up again for another building moves the line there.
  if (line) await db.activitySignup.update({ where: { id: line.id }, data: { activityId: activity.id, status: 'signed', building, name: msg.sender.name, changedBy: msg.messageId } })
  else await db.activitySignup.create({ data: { activityId: activity.id, contactId: msg.sender.id, name: msg.sender.name, building, status: 'signed', signedAt: clock.now(), changedBy: msg.messageId } })
  const place = building ? `，服务${buildingText(building)}` : ''
  const notice = calendarNoticeText(saturday)
  return [replyHere(msg, `${notice ?? ''}报名成功！${saturday.label}红周六见${place}。前一天晚上会私信提醒您；当天到场后请发「签到」。`)]
}

/** 请假红周六: withdraws the sign-up. */
export async function withdraw(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const saturday = redSaturdayOf(clock.now(), community.config)
  const line = await lineOf(ctx, saturday.key)
  if (!line || line.status !== 'signed') return [replyHere(msg, `您还没有报名${saturday.label}的红周六。`)]
  await db.activitySignup.update({ where: { id: line.id }, data: { status: 'withdrawn', changedBy: msg.messageId } })
  return [replyHere(msg, `已为您请假，${saturday.label}的红周六不用来了，下次再见！`)]
}

/** 签到 [序号]: records attendance at today's activity the sender signed up for (the Red Saturday among them); on a Red Saturday, also without signing up first. */
export async function checkIn(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const atActivity = await checkInToActivity(ctx, cmd)
  if (atActivity) return atActivity
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const saturday = redSaturdayOf(now, community.config)
  if (saturday.dayKey !== localDateKey(now, community.config.timezone)) {
    return [replyHere(msg, `今天不是红周六，签到请在${saturday.label}当天发「签到」。`)]
  }
  const line = await lineOf(ctx, saturday.key)
  if (line) await db.activitySignup.update({ where: { id: line.id }, data: { status: 'signed', checkedInAt: line.checkedInAt ?? now, changedBy: msg.messageId } })
  else {
    // Came without signing up: on the roster now, of the group's building.
    const building = msg.group?.building ?? null
    const activity = await redSaturdayActivity(db, community, saturday, now, building)
    await db.activitySignup.create({ data: { activityId: activity.id, contactId: msg.sender.id, name: msg.sender.name, building, status: 'signed', signedAt: now, checkedInAt: now, changedBy: msg.messageId } })
  }
  return [replyHere(msg, '签到成功，感谢您参加红周六志愿服务！结束时发「签退」。')]
}

/** 签退: closes the day's service; the minutes since 签到 are added to the volunteer's hours. */
export async function checkOut(ctx: HandlerContext): Promise<Reply[]> {
  return (await checkOutOfActivity(ctx)) ?? [replyHere(ctx.msg, '您今天还没有签到，请先发「签到」，服务结束时再发「签退」。')]
}

/**
 * 志愿时长: this year's hours per volunteer across Red Saturdays and activities, most first, with
 * the times each signed up and did not come (未到): for the secretaries only, never posted.
 */
export async function hoursRanking({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const now = clock.now()
  const today = localDateKey(now, community.config.timezone)
  const services = await servicesBetween(db, community, `${today.slice(0, 4)}-01-01`, today, now)
  if (services.length === 0) return [replyHere(msg, '今年还没有志愿服务的记录。')]
  const ranked = perVolunteer(services, today).slice(0, 20)
  const text = ranked.map((p, i) => `${i + 1}. ${p.name} ${hoursText(p.minutes)}｜到场 ${p.times} 次${p.absent ? `｜报名未到 ${p.absent} 次` : ''}`)
  return [replyHere(msg, [`${today.slice(0, 4)} 年志愿服务时长（红周六和各项活动）：`, ...text].join('\n'))]
}

/** 红周六名单: the coming Saturday's roster. */
export async function showRoster({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const saturday = redSaturdayOf(clock.now(), community.config)
  const roster = await rosterLines(db, community.id, saturday.key)
  if (roster.count === 0) return [replyHere(msg, `${saturday.label}红周六还没有人报名，发「报名红周六」来做第一个吧！`)]
  return [replyHere(msg, [`${saturday.label}红周六名单（${roster.count} 人）：`, ...roster.lines].join('\n'))]
}
