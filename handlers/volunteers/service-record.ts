import type { Community, Db } from '../context.js'
import { localDateKey, localMidnight } from '../time.js'

/** One time a volunteer signed up for a Red Saturday or an activity that has taken place. */
export interface Service {
  contactId: string
  name: string
  /** The local day, YYYY-MM-DD. */
  day: string
  title: string
  minutes: number
  came: boolean
}

/**
 * Every service between two local days (inclusive) that has taken place by `now`: activities, the
 * Red Saturdays and care errands among them, for hours, rankings, the honour roll and the stars alike.
 */
export async function servicesBetween(db: Db, community: Community, from: string, to: string, now: Date, contactId?: string): Promise<Service[]> {
  const timeZone = community.config.timezone
  const [fy, fm, fd] = from.split('-').map(Number)
  const [ty, tm, td] = to.split('-').map(Number)
  const start = localMidnight(fy!, fm!, fd!, timeZone)
  const end = new Date(Math.min(now.getTime(), localMidnight(ty!, tm!, td! + 1, timeZone).getTime() - 1))
  const activities = await db.activity.findMany({ where: { communityId: community.id, state: 'open', startsAt: { gte: start, lte: end } }, select: { id: true, title: true, startsAt: true } })
  const lines = activities.length ? await db.activitySignup.findMany({ where: { activityId: { in: activities.map((a) => a.id) }, status: 'signed', ...(contactId ? { contactId } : {}) }, orderBy: { id: 'asc' } }) : []
  const byId = new Map(activities.map((a) => [a.id, a]))
  return lines
    .map((l) => {
      const a = byId.get(l.activityId)!
      return { contactId: l.contactId, name: l.name, day: localDateKey(a.startsAt, timeZone), title: a.title, minutes: l.minutes, came: l.checkedInAt !== null }
    })
    .sort((a, b) => a.day.localeCompare(b.day))
}

/** Per volunteer: minutes, times they came and times they signed up and did not (days before `today`). */
export function perVolunteer(services: Service[], today: string): Array<{ contactId: string; name: string; minutes: number; times: number; absent: number }> {
  const people = new Map<string, { contactId: string; name: string; minutes: number; times: number; absent: number }>()
  for (const s of services) {
    const p = people.get(s.contactId) ?? { contactId: s.contactId, name: s.name, minutes: 0, times: 0, absent: 0 }
    p.minutes += s.minutes
    if (s.came) p.times++
    else if (s.day < today) p.absent++
    people.set(s.contactId, p)
  }
  return [...people.values()].sort((a, b) => b.minutes - a.minutes || b.times - a.times)
}
