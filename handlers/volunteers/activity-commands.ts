import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { isSecretary, replyHere } from '../context.js'
import { activityTimeText } from './activity-text.js'
import { placesIn, skillIn } from './jielong.js'
import { offerFreedPlaces, takeOffer } from './places.js'
import { buildingIn, withdraw as withdrawFromRedSaturday } from './volunteer-commands.js'
import { whenIn } from './when.js'

/** An activity that began this long ago can still be left (someone running late tells the organiser). */
const LEAVE_AFTER_START_MS = 2 * 3_600_000

const privately = (ctx: HandlerContext, text: string, key: string): Reply => ({ conversationId: ctx.msg.sender.id, isRoom: false, text, key: `${ctx.msg.messageId}:${key}` })

const ACTIVITY_HINT = '发起活动请这样写：活动 周六9:00 驿站门口 给老人理发 4人 会理发（时间必填；地点、人数、技能可以不写）。'

/**
 * 活动 周六9:00 驿站门口 给老人理发 4人 会理发 (staff): an activity, with the time, the place (the
 * first words left when the time, places and skill are taken out) and the rest as its title.
 */
export async function createActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const details = detailsOf(cmd.text, now, community.config.timezone)
  const when = details.when
  if (!cmd.text || !when) return [replyHere(msg, ACTIVITY_HINT, 'activity-hint')]
  if (when.start <= now) return [replyHere(msg, `${activityTimeText({ startsAt: when.start, timeGiven: when.timeGiven }, community.config.timezone)}已经过去了。${ACTIVITY_HINT}`, 'activity-hint')]
  const { places, skill, place, building } = details
  const activity = await db.activity.upsert({
    where: { sourceMessage: msg.messageId },
    create: {
      communityId: community.id, title: (details.title ?? '志愿服务').slice(0, 120), startsAt: when.start, endsAt: when.end, timeGiven: when.timeGiven, place, places, skill, building,
      organiserId: msg.sender.id, organiserName: msg.sender.name, groupId: msg.group?.id ?? null, sourceMessage: msg.messageId, createdAt: now,
    },
    update: {},
  })
  const shown = [activityTimeText(activity, community.config.timezone), place, building ? `服务${building}栋` : null, places ? `${places} 个名额` : '不限人数', skill ? `要${skill}` : null].filter(Boolean).join('，')
  return [replyHere(msg, `已发起活动 #${activity.id}：${activity.title}（${shown}）。报名请回复「报名 #${activity.id}」，也可以在群里接龙；前一天晚上和当天会私信提醒报名的人。`, 'activity-created')]
}

/**
 * What a line about an activity says: the time, the places, the skill, and of the words left the
 * first as the place (when more than one is left) and the rest as the title; each null when absent.
 */
function detailsOf(text: string, now: Date, timeZone: string) {
  const when = whenIn(text, now, timeZone)
  const places = placesIn(text)
  const skill = skillIn(text)
  const building = buildingIn(text)
  let rest = text
  if (when) for (const words of when.words.split(' ')) rest = rest.replace(words, ' ')
  rest = rest.replace(/(?:名额|限|要|需要|招|缺)?\s*[0-9一二两三四五六七八九十]{1,3}\s*(?:个人|人|位|名|个)(?![楼栋单元号])/, ' ')
  if (skill) rest = rest.replace(new RegExp(`${skill}(?:的|技能|经验|证)?`), ' ')
  // A word that is only a building (3栋) says whose the activity is, not where or what.
  const words = rest.split(/[\s,，、]+/).filter((w) => w && !/^(?:\d{1,3}|[A-Za-z])(?:号楼|#楼|栋|幢|座)$/.test(w))
  // A word that names a place (驿站门口, 小区花园, 西门广场) is the place; else, of two or more words, the first.
  const place = words.find((w) => PLACE.test(w)) ?? (words.length > 1 ? words[0]! : null)
  const title = words.filter((w) => w !== place).join(' ') || null
  return { when, places, skill, place, title, building }
}

const PLACE = /(门口|广场|花园|驿站|活动室|会议室|大厅|楼下|楼前|中心|食堂|公园|院子?|室|场|园|口|站|馆)$/

/**
 * 改活动 #N 周日上午10点 小区花园 5人 (its organiser or a secretary): what the line gives is changed;
 * a new time or place is told to everyone signed up, privately, and more places go to the waiting list.
 */
export async function editActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const timeZone = community.config.timezone
  if (cmd.number === null || !cmd.rest) return [replyHere(msg, '改哪个活动、改成什么？例如：改活动 #3 周日上午10点 小区花园 5人', 'edit-hint')]
  const activity = await db.activity.findFirst({ where: { id: cmd.number, communityId: community.id, kind: 'activity' } })
  if (!activity || activity.state === 'cancelled') return [replyHere(msg, `没有可以修改的活动 #${cmd.number}。`, 'edit-none')]
  if (activity.organiserId !== msg.sender.id && !isSecretary(msg.sender)) return [replyHere(msg, `活动 #${activity.id} 是${activity.organiserName}发起的，只有发起人或书记、站长可以修改。`, 'edit-refused')]
  const d = detailsOf(cmd.rest, now, timeZone)
  if (d.when && d.when.start <= now) return [replyHere(msg, '新的时间已经过去了，请写一个以后的时间。', 'edit-past')]
  const data = {
    ...(d.when ? { startsAt: d.when.start, endsAt: d.when.end, timeGiven: d.when.timeGiven } : {}),
    ...(d.places ? { places: d.places } : {}),
    ...(d.skill ? { skill: d.skill } : {}),
    ...(d.place ? { place: d.place } : {}),
    ...(d.title ? { title: d.title.slice(0, 120) } : {}),
    ...(d.building ? { building: d.building } : {}),
  }
  if (Object.keys(data).length === 0) return [replyHere(msg, '没看出要改什么。例如：改活动 #3 周日上午10点 小区花园 5人', 'edit-hint')]
  const updated = await db.activity.update({ where: { id: activity.id }, data })
  const changes = [
    d.when && updated.startsAt.getTime() !== activity.startsAt.getTime() ? `时间改为${activityTimeText(updated, timeZone)}` : null,
    d.place && d.place !== activity.place ? `地点改为${d.place}` : null,
  ].filter((c): c is string => c !== null)
  const lines = await db.activitySignup.findMany({ where: { activityId: activity.id, status: { in: ['signed', 'waiting', 'offered'] } } })
  const told = changes.length ? [...new Set(lines.map((l) => l.contactId))].filter((id) => id !== msg.sender.id) : []
  const notes: Reply[] = told.map((contactId) => ({ conversationId: contactId, isRoom: false, key: `${msg.messageId}:changed:${contactId}`, text: `通知：「${updated.title}」${changes.join('，')}。来不了请回复「来不了」。` }))
  // Reminders go again for the new time (their keys carry it), and need a new 收到.
  if (d.when) await db.activitySignup.updateMany({ where: { activityId: activity.id }, data: { confirmedAt: null } })
  const offers = d.places && activity.places !== null && d.places > activity.places ? await offerFreedPlaces(db, community, updated, now) : []
  const signed = lines.filter((l) => l.status === 'signed').length
  const over = updated.places !== null && signed > updated.places ? `（已报名 ${signed} 人，比新名额多，已报名的都保留）` : ''
  return [replyHere(msg, `已修改活动 #${updated.id}：${updated.title}（${activityTimeText(updated, timeZone)}${updated.place ? `，${updated.place}` : ''}，${updated.places ? `${updated.places} 个名额` : '不限人数'}）${over}${told.length ? `，已私信告诉报名的 ${told.length} 人` : ''}。`, 'edited'), ...notes, ...offers]
}

/** 报名 #N: signs the sender up (or onto the waiting list when the places are taken). */
export async function joinActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  if (cmd.number === null) return [replyHere(msg, '报名哪个活动？请回复「报名 #活动编号」，编号在发起活动的那条消息里。', 'join-hint')]
  const activity = await db.activity.findFirst({ where: { id: cmd.number, communityId: community.id } })
  if (!activity || activity.state !== 'open' || activity.startsAt <= clock.now()) return [replyHere(msg, `没有可以报名的活动 #${cmd.number}（可能已经取消或者已经开始了）。`, 'join-none')]
  const when = activityTimeText(activity, community.config.timezone)
  const mine = await db.activitySignup.findFirst({ where: { activityId: activity.id, contactId: msg.sender.id, status: { in: ['signed', 'waiting', 'offered'] } } })
  if (mine) return [replyHere(msg, mine.status === 'waiting' ? `您已经在「${activity.title}」的候补名单上了，有空位会私信您。` : `您已经报名了「${activity.title}」（${when}），到时见！`, 'join-again')]
  const taken = await db.activitySignup.count({ where: { activityId: activity.id, status: { in: ['signed', 'offered'] } } })
  const status = activity.places === null || taken < activity.places ? 'signed' : 'waiting'
  await db.activitySignup.create({ data: { activityId: activity.id, contactId: msg.sender.id, name: msg.sender.name, status, signedAt: clock.now(), changedBy: msg.messageId } })
  if (status === 'waiting') return [replyHere(msg, `「${activity.title}」的 ${activity.places} 个名额已经满了，已把您排进候补；有人来不了时按顺序私信问您。`, 'join-waiting')]
  return [replyHere(msg, `报名成功：「${activity.title}」，${when}${activity.place ? `，${activity.place}` : ''}。前一天晚上会私信提醒您；来不了请回复「来不了」。`, 'joined')]
}

/** 来: takes the freed place offered privately. */
export async function comeToActivity(ctx: HandlerContext): Promise<Reply[]> {
  const taken = await takeOffer(ctx.db, ctx.community, ctx.msg.sender.id, ctx.msg.messageId)
  return taken ?? [privately(ctx, '现在没有给您留的空位。报名活动请回复「报名 #活动编号」或在群里接龙。', 'come-none')]
}

/**
 * 来不了 [序号]: takes the sender's lines off their coming activity (asks which when there are
 * several); the freed places are offered to the waiting list in order, and the organiser is told
 * privately. With no activity, it is the Red Saturday leave it always was.
 */
export async function leaveActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const timeZone = community.config.timezone
  const mine = await db.activitySignup.findMany({ where: { contactId: msg.sender.id, status: { in: ['signed', 'waiting', 'offered'] } }, select: { activityId: true } })
  const activities = mine.length
    ? await db.activity.findMany({ where: { id: { in: [...new Set(mine.map((m) => m.activityId))] }, communityId: community.id, state: 'open', startsAt: { gte: new Date(now.getTime() - LEAVE_AFTER_START_MS) } }, orderBy: { startsAt: 'asc' } })
    : []
  if (activities.length === 0) return withdrawFromRedSaturday(ctx)
  const chosen = activities.length === 1 ? activities[0]! : cmd.number !== null ? activities[cmd.number - 1] : undefined
  if (!chosen) {
    const list = activities.map((a, i) => `${i + 1}. ${a.title}（${activityTimeText(a, timeZone)}）`)
    return [privately(ctx, ['您报名了几个活动，是哪一个来不了？回复「来不了 序号」：', ...list].join('\n'), 'which')]
  }
  const lines = await db.activitySignup.findMany({ where: { activityId: chosen.id, contactId: msg.sender.id, status: { in: ['signed', 'waiting', 'offered'] } } })
  for (const line of lines) await db.activitySignup.update({ where: { id: line.id }, data: { status: 'withdrawn', changedBy: msg.messageId } })
  const offers = await offerFreedPlaces(db, community, chosen, now)
  const signed = await db.activitySignup.count({ where: { activityId: chosen.id, status: 'signed' } })
  const when = activityTimeText(chosen, timeZone)
  const replies: Reply[] = [privately(ctx, `好的，已经把您从「${chosen.title}」（${when}）的名单上去掉了。谢谢告知！`, 'leave'), ...offers]
  if (chosen.organiserId !== msg.sender.id && chosen.organiserId !== 'station' && chosen.kind !== 'errand') {
    const names = lines.map((l) => l.name).join('、')
    const asked = offers.length ? `已私信问候补的人要不要补上。` : ''
    const count = chosen.places === null ? `现在 ${signed} 人` : `现在 ${signed}/${chosen.places} 人`
    replies.push({ conversationId: chosen.organiserId, isRoom: false, key: `${msg.messageId}:organiser`, text: `「${chosen.title}」（${when}）：${names}来不了。${asked}${count}。` })
  }
  return replies
}

/** 取消活动 #N 原因 (its organiser or a secretary): everyone signed up or waiting is told privately, once. */
export async function cancelActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, community } = ctx
  if (cmd.number === null) return [replyHere(msg, '取消哪个活动？请这样写：取消活动 #活动编号 原因', 'cancel-hint')]
  const activity = await db.activity.findFirst({ where: { id: cmd.number, communityId: community.id } })
  if (!activity) return [replyHere(msg, `没有活动 #${cmd.number}。`, 'cancel-none')]
  if (activity.organiserId !== msg.sender.id && !isSecretary(msg.sender)) return [replyHere(msg, `活动 #${activity.id} 是${activity.organiserName}发起的，只有发起人或书记、站长可以取消。`, 'cancel-refused')]
  if (activity.state === 'cancelled') return [replyHere(msg, `活动 #${activity.id} 已经取消过了。`, 'cancel-again')]
  const reason = cmd.rest.trim().slice(0, 100)
  await db.activity.update({ where: { id: activity.id }, data: { state: 'cancelled', cancelReason: reason || null } })
  const lines = await db.activitySignup.findMany({ where: { activityId: activity.id, status: { in: ['signed', 'waiting', 'offered'] } } })
  const when = activityTimeText(activity, community.config.timezone)
  const told = [...new Set(lines.map((l) => l.contactId))].filter((id) => id !== msg.sender.id)
  const notes: Reply[] = told.map((contactId) => ({
    conversationId: contactId, isRoom: false, key: `activity:${activity.id}:cancelled:${contactId}`,
    text: `通知：「${activity.title}」（${when}）取消了${reason ? `，原因：${reason}` : ''}。不用来了，谢谢您报名！`,
  }))
  return [replyHere(msg, `已取消活动 #${activity.id}「${activity.title}」，已私信告诉报名的 ${told.length} 人。`, 'cancelled'), ...notes]
}

/** 同意 #N (staff): a resident's 接龙 becomes an activity; its proposer is told, and its lines so far are its sign-ups. */
export async function approveActivity(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, community } = ctx
  const pending = await db.activity.findMany({ where: { communityId: community.id, state: 'proposed', startsAt: { gt: ctx.clock.now() } }, orderBy: { id: 'asc' } })
  const chosen = cmd.number !== null ? pending.find((a) => a.id === cmd.number) : pending.length === 1 ? pending[0] : undefined
  if (!chosen) {
    if (pending.length === 0 || cmd.number !== null) return [replyHere(msg, cmd.number !== null ? `没有等待同意的接龙 #${cmd.number}。` : '现在没有等待同意的接龙。', 'approve-none')]
    return [replyHere(msg, ['有几个居民发起的接龙在等同意，回复「同意 #编号」：', ...pending.map((a) => `#${a.id} ${a.title}（${activityTimeText(a, community.config.timezone)}，${a.organiserName.slice(0, 1)}发起）`)].join('\n'), 'approve-which')]
  }
  await db.activity.update({ where: { id: chosen.id }, data: { state: 'open' } })
  const signed = await db.activitySignup.count({ where: { activityId: chosen.id, status: 'signed' } })
  const when = activityTimeText(chosen, community.config.timezone)
  return [
    replyHere(msg, `已把接龙记成志愿活动 #${chosen.id}「${chosen.title}」（${when}），已有 ${signed} 人报名；他们会在前一天晚上和当天收到提醒。`, 'approved'),
    { conversationId: chosen.organiserId, isRoom: false, key: `activity:${chosen.id}:approved`, text: `您发起的接龙「${chosen.title}」（${when}）驿站已经同意，记成了志愿活动：接龙的人会收到提醒，满了排候补，到场发「签到」「签退」记时长。` },
  ]
}

/** 收到 (privately, after a reminder): the volunteer confirms they are coming; the organiser sees it on the dashboard. */
export async function confirmReminder(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const now = clock.now()
  const lines = await db.activitySignup.findMany({ where: { contactId: msg.sender.id, status: 'signed', confirmedAt: null } })
  const soon = lines.length
    ? await db.activity.findMany({ where: { id: { in: lines.map((l) => l.activityId) }, communityId: community.id, state: 'open', startsAt: { gt: now, lte: new Date(now.getTime() + 48 * 3_600_000) } }, orderBy: { startsAt: 'asc' } })
    : []
  // A 收到 with nothing to confirm is said to someone else: no answer.
  if (soon.length === 0) return []
  await db.activitySignup.updateMany({ where: { id: { in: lines.filter((l) => soon.some((a) => a.id === l.activityId)).map((l) => l.id) } }, data: { confirmedAt: now } })
  return [privately(ctx, `好的，${soon.map((a) => `「${a.title}」（${activityTimeText(a, community.config.timezone)}）`).join('、')}到时见！`, 'confirmed')]
}
