import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { buildingText } from '../cases/case-texts.js'
import { normalizeText } from '../parse/normalize.js'
import { localDateKey } from '../time.js'
import { redSaturdayOf, rosterLines } from './roster.js'

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
  const saturday = redSaturdayOf(clock.now(), community.config.timezone)
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
  return [replyHere(msg, `报名成功！${saturday.label}红周六见${place}。当天到场后请发「签到」。`)]
}

/** 请假红周六: withdraws the sign-up. */
export async function withdraw(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const saturday = redSaturdayOf(clock.now(), community.config.timezone)
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
  const saturday = redSaturdayOf(now, timeZone)
  if (saturday.key !== localDateKey(now, timeZone)) {
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

/** 红周六名单: the coming Saturday's roster. */
export async function showRoster({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const saturday = redSaturdayOf(clock.now(), community.config.timezone)
  const roster = await rosterLines(db, community.id, saturday.key)
  if (roster.count === 0) return [replyHere(msg, `${saturday.label}红周六还没有人报名，发「报名红周六」来做第一个吧！`)]
  return [replyHere(msg, [`${saturday.label}红周六名单（${roster.count} 人）：`, ...roster.lines].join('\n'))]
}
