import type { Activity, ActivitySignup } from '../../bot/generated/prisma/client.js'
import type { Community, Db, Reply } from '../context.js'
import { privately } from '../context.js'
import { activityTimeText } from './activity-text.js'


/**
 * Places freed (a withdrawal, an offer not taken) are offered to the waiting list in order, one
 * volunteer per place: privately, to be taken with 「来」 within `activities.offerMinutes`.
 */
export async function offerFreedPlaces(db: Db, community: Community, activity: Activity, now: Date): Promise<Reply[]> {
  if (activity.places === null || activity.state !== 'open' || activity.startsAt <= now) return []
  const taken = await db.activitySignup.count({ where: { activityId: activity.id, status: { in: ['signed', 'offered'] } } })
  const free = activity.places - taken
  if (free <= 0) return []
  const next = await db.activitySignup.findMany({ where: { activityId: activity.id, status: 'waiting' }, orderBy: { id: 'asc' }, take: free })
  const minutes = community.config.activities.offerMinutes
  const replies: Reply[] = []
  for (const line of next) {
    await db.activitySignup.update({ where: { id: line.id }, data: { status: 'offered', offeredAt: now } })
    const forWhom = line.name ? `（接龙里的「${line.name}」）` : ''
    replies.push(privately(line.contactId, `activity:${activity.id}:offer:${line.id}:${now.toISOString()}`, `有空位了：「${activity.title}」，${activityTimeText(activity, community.config.timezone)}${forWhom}。要来请回复「来」，${minutes} 分钟内没回复就问下一位候补。`))
  }
  return replies
}

/** 来: the sender takes the place offered to them; the organiser is told who is coming. */
export async function takeOffer(db: Db, community: Community, contactId: string, messageId: string): Promise<Reply[] | null> {
  const line = await db.activitySignup.findFirst({ where: { contactId, status: 'offered' }, orderBy: { offeredAt: 'asc' } })
  if (!line) return null
  const activity = await db.activity.findUniqueOrThrow({ where: { id: line.activityId } })
  await db.activitySignup.update({ where: { id: line.id }, data: { status: 'signed', changedBy: messageId } })
  const when = activityTimeText(activity, community.config.timezone)
  const signed = await db.activitySignup.count({ where: { activityId: activity.id, status: 'signed' } })
  const replies = [privately(contactId, `${messageId}:offer-taken`, `好的，「${activity.title}」（${when}）给您留了位置。来不了请回复「来不了」。`)]
  if (activity.organiserId !== contactId) replies.push(privately(activity.organiserId, `${messageId}:organiser`, `「${activity.title}」（${when}）：候补的${line.name}补上了，现在 ${signed}/${activity.places} 人。`))
  return replies
}

/** Offers not taken in time go back to the end of nobody's list: the volunteer stays off, and the place goes to the next. */
export async function lapseOffers(db: Db, community: Community, now: Date): Promise<Reply[]> {
  const before = new Date(now.getTime() - community.config.activities.offerMinutes * 60_000)
  const lapsed = await db.activitySignup.findMany({ where: { status: 'offered', offeredAt: { lte: before } }, orderBy: { id: 'asc' } })
  const replies: Reply[] = []
  const activityIds = new Set<number>()
  for (const line of lapsed) {
    await db.activitySignup.update({ where: { id: line.id }, data: { status: 'withdrawn', changedBy: 'offer-lapsed' } })
    activityIds.add(line.activityId)
  }
  for (const id of activityIds) {
    const activity = await db.activity.findUnique({ where: { id } })
    if (activity?.communityId === community.id) replies.push(...(await offerFreedPlaces(db, community, activity, now)))
  }
  return replies
}

export type { ActivitySignup }
