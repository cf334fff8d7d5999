import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { buildingText } from '../cases/case-texts.js'
import { normalizeText } from '../parse/normalize.js'
import { localDateKey } from '../time.js'
import { calendarNoticeText, redSaturdayOf } from './red-saturday.js'
import { rosterLines } from './roster.js'

const buildingIn = (text: string): string | null => {
  const m = /(\d{1,3}|[A-Za-z])\s*(?:号楼|#楼|栋|幢|座)/.exec(normalizeText(text))
  return m ? m[1]!.toUpperCase() : null
}

const signupKey = (ctx: HandlerContext, saturday: string) => ({
  communityId_saturday_contactId: { communityId: ctx.community.id, saturday, contactId: ctx.msg.sender.id },
})

/** 报名红周六 [3栋]: signs the sender up for the coming Red Saturday. */
export async function signUp(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const saturday = redSaturdayOf(clock.now(), community.config)
  const building = buildingIn(cmd.text) ?? msg.group?.building ?? null
  await db.volunteerSignup.upsert({
    where: signupKey(ctx, saturday.key),
    create: {
      communityId: community.id, saturday: saturday.key, contactId: msg.sender.id, name: msg.sender.name,
      building, status: 'signed', signedAt: clock.now(),
    },
    update: { status: 'signed', building, name: msg.sender.name },
  })
  const place = building ? `，服务${buildingText(building)}` : ''
  const notice = calendarNoticeText(saturday)
  return [replyHere(msg, `${notice ?? ''}报名成功！${saturday.label}红周六见${place}。当天到场后请发「签到」。`)]
}

/** 请假红周六: withdraws the sign-up. */
export async function withdraw(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const saturday = redSaturdayOf(clock.now(), community.config)
  const existing = await db.volunteerSignup.findUnique({ where: signupKey(ctx, saturday.key) })
  if (!existing || existing.status !== 'signed') return [replyHere(msg, `您还没有报名${saturday.label}的红周六。`)]
  await db.volunteerSignup.update({ where: { id: existing.id }, data: { status: 'withdrawn' } })
  return [replyHere(msg, `已为您请假，${saturday.label}的红周六不用来了，下次再见！`)]
}

/** 签到: records attendance on the day itself. */
export async function checkIn(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const timeZone = community.config.timezone
  const saturday = redSaturdayOf(now, community.config)
  if (saturday.dayKey !== localDateKey(now, timeZone)) {
    return [replyHere(msg, `今天不是红周六，签到请在${saturday.label}当天发「签到」。`)]
  }
  await db.volunteerSignup.upsert({
    where: signupKey(ctx, saturday.key),
    create: {
      communityId: community.id, saturday: saturday.key, contactId: msg.sender.id, name: msg.sender.name,
      building: msg.group?.building ?? null, status: 'signed', signedAt: now, checkedInAt: now,
    },
    update: { status: 'signed', checkedInAt: now },
  })
  return [replyHere(msg, '签到成功，感谢您参加红周六志愿服务！')]
}

/** A day's service is counted up to this long, in case someone forgets to check out for days. */
const MAX_MINUTES = 12 * 60

const hoursText = (minutes: number): string => {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h && m ? `${h} 小时 ${m} 分钟` : h ? `${h} 小时` : `${m} 分钟`
}

/** 签退: closes the day's service; the minutes since 签到 are added to the volunteer's hours. */
export async function checkOut(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const saturday = redSaturdayOf(now, community.config)
  const row = await db.volunteerSignup.findUnique({ where: signupKey(ctx, saturday.key) })
  if (!row?.checkedInAt || saturday.dayKey !== localDateKey(now, community.config.timezone)) {
    return [replyHere(msg, '您今天还没有签到，请先发「签到」，服务结束时再发「签退」。')]
  }
  if (row.checkedOutAt) return [replyHere(msg, `您今天已经签退过了，本次服务 ${hoursText(row.minutes)}。`)]
  const minutes = Math.min(MAX_MINUTES, Math.max(0, Math.round((now.getTime() - row.checkedInAt.getTime()) / 60_000)))
  await db.volunteerSignup.update({ where: { id: row.id }, data: { checkedOutAt: now, minutes } })
  const total = await db.volunteerSignup.aggregate({ where: { communityId: community.id, contactId: msg.sender.id }, _sum: { minutes: true } })
  return [replyHere(msg, `签退成功，本次服务 ${hoursText(minutes)}，累计 ${hoursText(total._sum.minutes ?? 0)}。辛苦了！`)]
}

/**
 * 志愿时长: this year's hours per volunteer, most first, with the Saturdays each signed up
 * for and did not come (未到).
 */
export async function hoursRanking({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const tz = community.config.timezone
  const today = localDateKey(clock.now(), tz)
  const year = `${today.slice(0, 4)}-01-01`
  const rows = await db.volunteerSignup.findMany({ where: { communityId: community.id, saturday: { gte: year, lte: today }, status: 'signed' } })
  if (rows.length === 0) return [replyHere(msg, '今年还没有红周六的服务记录。')]
  const people = new Map<string, { name: string; minutes: number; times: number; absent: number }>()
  for (const r of rows) {
    const p = people.get(r.contactId) ?? { name: r.name, minutes: 0, times: 0, absent: 0 }
    p.minutes += r.minutes
    if (r.checkedInAt) p.times++
    else if (r.saturday < today) p.absent++
    people.set(r.contactId, p)
  }
  const ranked = [...people.values()].sort((a, b) => b.minutes - a.minutes || b.times - a.times).slice(0, 20)
  const lines = ranked.map((p, i) => `${i + 1}. ${p.name} ${hoursText(p.minutes)}｜到场 ${p.times} 次${p.absent ? `｜报名未到 ${p.absent} 次` : ''}`)
  return [replyHere(msg, [`${today.slice(0, 4)} 年红周六志愿服务时长：`, ...lines].join('\n'))]
}

/** 红周六名单: the coming Saturday's roster. */
export async function showRoster({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const saturday = redSaturdayOf(clock.now(), community.config)
  const roster = await rosterLines(db, community.id, saturday.key)
  if (roster.count === 0) return [replyHere(msg, `${saturday.label}红周六还没有人报名，发「报名红周六」来做第一个吧！`)]
  return [replyHere(msg, [`${saturday.label}红周六名单（${roster.count} 人）：`, ...roster.lines].join('\n'))]
}
