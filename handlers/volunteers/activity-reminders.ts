import type { Community, Db, Reply } from '../context.js'
import { addLocalDays, localDateKey, localParts } from '../time.js'
import { activityTimeText } from './activity-text.js'
import { lapseOffers } from './places.js'

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

/**
 * Each signed-up volunteer's private reminders, checked every minute: the evening before (from
 * `activities.eveningReminder`) and on the day (from `activities.dayReminder`), until the start.
 * Keyed by activity, its time, kind and volunteer, so each goes once whoever checks and however
 * often, and again only when the activity is moved to another time.
 */
export async function activityReminders(db: Db, community: Community, now: Date): Promise<Reply[]> {
  const { timezone: timeZone, activities: settings } = community.config
  const local = localParts(now, timeZone)
  const minute = local.hour * 60 + local.minute
  const today = localDateKey(now, timeZone)
  const soon = await db.activity.findMany({
    where: { communityId: community.id, state: 'open', startsAt: { gt: now, lte: new Date(now.getTime() + 48 * 3_600_000) } },
    orderBy: { startsAt: 'asc' },
  })
  const replies: Reply[] = []
  for (const activity of soon) {
    const day = localDateKey(activity.startsAt, timeZone)
    const kind = day === today && minute >= minutesOf(settings.dayReminder) ? 'day' : localDateKey(addLocalDays(activity.startsAt, -1, timeZone), timeZone) === today && minute >= minutesOf(settings.eveningReminder) ? 'eve' : null
    if (!kind) continue
    const lines = await db.activitySignup.findMany({ where: { activityId: activity.id, status: 'signed' }, orderBy: { id: 'asc' } })
    const byContact = new Map<string, string[]>()
    for (const l of lines) byContact.set(l.contactId, [...(byContact.get(l.contactId) ?? []), l.name])
    const when = activityTimeText(activity, timeZone)
    for (const [contactId, names] of byContact) {
      const who = names.length > 1 ? `您接龙报了 ${names.length} 个名字（${names.join('、')}），请转告同来的人。` : ''
      const lead = kind === 'eve' ? '明天' : '今天'
      replies.push({
        conversationId: contactId, isRoom: false, key: `activity:${activity.id}:${kind}:${activity.startsAt.getTime()}:${contactId}`,
        text: `提醒：${lead}有志愿活动「${activity.title}」，${when}${activity.place ? `，${activity.place}` : ''}。组织人：${activity.organiserName}。${who}能来请回复「收到」，来不了请回复「来不了」，候补的志愿者会补上。`,
      })
    }
  }
  return replies
}

/** An activity starting within this much time, still short of volunteers, is told to its organiser. */
const SHORT_NOTICE_MS = 24 * 3_600_000

/** Each open activity short of volunteers a day before it starts: its organiser is told privately, once. */
export async function shortOfVolunteers(db: Db, community: Community, now: Date): Promise<Reply[]> {
  const soon = await db.activity.findMany({ where: { communityId: community.id, state: 'open', places: { not: null }, startsAt: { gt: now, lte: new Date(now.getTime() + SHORT_NOTICE_MS) } } })
  const replies: Reply[] = []
  for (const activity of soon) {
    const signed = await db.activitySignup.count({ where: { activityId: activity.id, status: 'signed' } })
    if (signed >= activity.places!) continue
    const text = `提醒：「${activity.title}」（${activityTimeText(activity, community.config.timezone)}）要 ${activity.places} 人，现在只报了 ${signed} 人。`
    if (community.config.activities.shortAlertToStation) {
      const station = await db.chatGroup.findFirst({ where: { communityId: community.id, kind: 'station', leftAt: null }, orderBy: { id: 'asc' } })
      if (station) replies.push({ conversationId: station.roomId, isRoom: true, key: `activity:${activity.id}:short:station`, text: `${text}有空的志愿者请回复「报名 #${activity.id}」。` })
    }
    replies.push({
      conversationId: activity.organiserId, isRoom: false, key: `activity:${activity.id}:short`,
      text: `提醒：「${activity.title}」（${activityTimeText(activity, community.config.timezone)}）要 ${activity.places} 人，现在只报了 ${signed} 人。可以在群里再接龙一次，或者私下问问熟悉的志愿者。`,
    })
  }
  return replies
}

/** The activities' minute: reminders, offers not taken in time, and short-staffed activities. */
export async function activityRound(db: Db, community: Community, now: Date): Promise<Reply[]> {
  return [...(await activityReminders(db, community, now)), ...(await lapseOffers(db, community, now)), ...(await shortOfVolunteers(db, community, now))]
}
