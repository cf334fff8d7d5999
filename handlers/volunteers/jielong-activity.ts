import type { Activity, ActivitySignup } from '../../bot/generated/prisma/client.js'
import type { HandlerContext, Reply } from '../context.js'
import { isStaff, privately, replyHere } from '../context.js'
import { activityTimeText } from './activity-text.js'
import { offerFreedPlaces } from './places.js'
import { nameKey, parseJielong, placesIn, skillIn, type Jielong } from './jielong.js'
import { whenIn } from './when.js'

/** A 接龙 stays the same activity this long after it starts (people still add and drop lines). */
const STILL_OPEN_MS = 12 * 3_600_000

/** Whether a group message is a 接龙 (read as sign-ups, never as a report). */
export const isJielong = (text: string): boolean => parseJielong(text) !== null

/** Character pairs of a title, to know an edited title for the same 接龙. */
const pairs = (text: string): Set<string> => {
  const t = nameKey(text)
  return new Set(Array.from({ length: Math.max(0, t.length - 1) }, (_, i) => t.slice(i, i + 2)))
}

function similarTitles(a: string, b: string): boolean {
  if (nameKey(a) === nameKey(b)) return true
  const pa = pairs(a)
  const pb = pairs(b)
  const shared = [...pa].filter((p) => pb.has(p)).length
  return shared / Math.max(1, Math.min(pa.size, pb.size)) >= 0.6
}

/** The group's open 接龙 activity this one continues: the same title (perhaps edited), or the same names on its lines. */
async function continued(ctx: HandlerContext, jielong: Jielong): Promise<{ activity: Activity; lines: ActivitySignup[] } | null> {
  const { db, msg, clock } = ctx
  const candidates = await db.activity.findMany({
    where: { communityId: ctx.community.id, groupId: msg.group!.id, state: { in: ['open', 'proposed'] }, startsAt: { gte: new Date(clock.now().getTime() - STILL_OPEN_MS) } },
    orderBy: { id: 'desc' }, take: 10,
  })
  const names = new Set(jielong.names.map(nameKey))
  let best: { activity: Activity; lines: ActivitySignup[]; score: number } | null = null
  for (const activity of candidates) {
    const lines = await db.activitySignup.findMany({ where: { activityId: activity.id, status: { not: 'withdrawn' } }, orderBy: { id: 'asc' } })
    const overlap = lines.filter((l) => names.has(nameKey(l.name))).length
    const score = (similarTitles(activity.title, jielong.title) ? 100 : 0) + overlap
    if ((score >= 100 || (lines.length > 0 && overlap * 2 >= lines.length)) && (!best || score > best.score)) best = { activity, lines, score }
  }
  return best
}

/**
 * A 接龙 in a served group. Posted by staff with a date, it becomes an activity (places, skill and
 * time read from its title); each later copy of it is read as its sender's change: the lines added
 * are the sender's sign-ups (by contact id, whatever name was typed), the sender's own lines gone
 * are withdrawals. Beyond the places, a line waits; the group hears one line when someone waits.
 */
export async function readJielong(ctx: HandlerContext): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  const jielong = parseJielong(msg.text)
  if (!jielong || !msg.group) return []
  const now = clock.now()
  const timeZone = community.config.timezone
  const found = await continued(ctx, jielong)
  const replies: Reply[] = []
  let activity: Activity
  let lines: ActivitySignup[]
  if (found) ({ activity, lines } = found)
  else {
    const staff = isStaff(msg.sender)
    const when = whenIn(jielong.title, now, timeZone)
    // A resident's 接龙 is theirs (a lunch order, a group purchase): not an activity, not a report,
    // unless it names a day and a need, and then staff are asked whether it is one.
    if (!staff && (!when || !NEED.test(jielong.title) || when.start <= now)) return []
    if (!when) return [privately(msg.sender.id, `${msg.messageId}:jielong-no-date`, '这个接龙里没看出活动时间，红管家没有把它记成志愿活动。在标题里写上时间（例如「周四上午9点」），再发一次接龙就行。')]
    activity = await db.activity.upsert({
      where: { sourceMessage: msg.messageId },
      create: {
        communityId: community.id, title: jielong.title.slice(0, 120), startsAt: when.start, endsAt: when.end, timeGiven: when.timeGiven, places: placesIn(jielong.title),
        skill: skillIn(jielong.title), building: msg.group.building ?? null, organiserId: msg.sender.id, organiserName: msg.sender.name, groupId: msg.group.id, sourceMessage: msg.messageId, createdAt: now,
        state: staff ? 'open' : 'proposed',
      },
      update: {},
    })
    lines = []
    if (!staff) return [...(await askStaff(ctx, activity)), ...(await applyLines(ctx, activity, lines, jielong)).offers]
    const places = activity.places ? `${activity.places} 个名额` : '不限人数'
    replies.push(privately(msg.sender.id, `${msg.messageId}:jielong-new`, `已把接龙记成志愿活动：${activity.title}，${activityTimeText(activity, timeZone)}，${places}${activity.skill ? `，要${activity.skill}` : ''}。接龙的人会在前一天晚上和当天收到私信提醒；满了的排候补，有人来不了时按顺序补上。`))
  }
  const changed = await applyLines(ctx, activity, lines, jielong)
  if (changed.newlyWaiting.length) {
    const waiting = await db.activitySignup.findMany({ where: { activityId: activity.id, status: 'waiting' }, orderBy: { id: 'asc' } })
    replies.push(replyHere(msg, `「${shortTitle(activity.title)}」已满 ${activity.places} 人，候补：${waiting.map((w) => w.name).join('、')}。有人来不了时按顺序补上。`, 'jielong-full'))
  }
  replies.push(...changed.offers)
  return replies
}

/** A resident's 接龙 that asks for help (志愿, 帮忙, 需要 2 人…) rather than orders or buys something. */
const NEED = /志愿|帮忙|帮|需要|招|缺人|义务|陪|打扫|清理|巡逻|值班|[0-9一二两三四五六七八九十]\s*(?:个人|人|位|名)/

/** Staff who may say a resident's 接龙 is an activity: the building's heads for a building group, else the secretaries. */
async function askStaff(ctx: HandlerContext, activity: Activity): Promise<Reply[]> {
  const { db, community, msg } = ctx
  const members = await db.member.findMany({ where: { communityId: community.id }, orderBy: { id: 'asc' } })
  const roles = (m: { roles: string }) => m.roles.split(',')
  const heads = members.filter((m) => msg.group?.building && roles(m).includes('building_head') && m.buildings.split(',').includes(msg.group.building))
  const asked = heads.length ? heads : members.filter((m) => roles(m).includes('secretary') || roles(m).includes('admin'))
  const who = msg.sender.name.slice(0, 1)
  const when = activityTimeText(activity, community.config.timezone)
  return asked.map((m) => privately(m.contactId, `activity:${activity.id}:ask:${m.contactId}`, `${who}在「${msg.group?.topic ?? ''}」发起了接龙「${activity.title}」（${when}）。要记成志愿活动（提醒报名的人、排候补、记时长）吗？同意请回复「同意 #${activity.id}」。不回复的话，它就只是一个普通接龙。`))
}

const shortTitle = (title: string) => (title.length > 16 ? `${title.slice(0, 16)}…` : title)


/** The sender's change to the lines: additions signed up (or waiting), their own lines gone withdrawn, the freed places filled in order. */
async function applyLines(ctx: HandlerContext, activity: Activity, lines: ActivitySignup[], jielong: Jielong) {
  const { msg, db, clock } = ctx
  const now = clock.now()
  // Lines are matched as multisets of names: two 张红 are two lines.
  const remaining = new Map<string, number>()
  for (const name of jielong.names) remaining.set(nameKey(name), (remaining.get(nameKey(name)) ?? 0) + 1)
  const kept: ActivitySignup[] = []
  const gone: ActivitySignup[] = []
  for (const line of lines) {
    const key = nameKey(line.name)
    const left = remaining.get(key) ?? 0
    if (left > 0) {
      remaining.set(key, left - 1)
      kept.push(line)
    } else gone.push(line)
  }
  // Only the sender's own lines are theirs to take away: a copy made before someone else added theirs drops nothing.
  const withdrawn = gone.filter((l) => l.contactId === msg.sender.id)
  for (const line of withdrawn) await db.activitySignup.update({ where: { id: line.id }, data: { status: 'withdrawn', changedBy: msg.messageId } })
  const added = jielong.names.filter((name) => {
    const key = nameKey(name)
    const left = remaining.get(key) ?? 0
    if (left <= 0 || !key) return false
    remaining.set(key, left - 1)
    return true
  })
  let signed = lines.filter((l) => l.status === 'signed' && !withdrawn.includes(l)).length
  const newlyWaiting: string[] = []
  for (const name of added) {
    const status = activity.places === null || signed < activity.places ? 'signed' : 'waiting'
    if (status === 'signed') signed++
    else newlyWaiting.push(name)
    await db.activitySignup.create({ data: { activityId: activity.id, contactId: msg.sender.id, name: name.slice(0, 40), status, signedAt: now, changedBy: msg.messageId } })
  }
  const offers = withdrawn.length ? await offerFreedPlaces(db, ctx.community, activity, now) : []
  return { newlyWaiting, offers }
}
