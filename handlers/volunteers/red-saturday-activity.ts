import type { Activity, ActivitySignup } from '../../bot/generated/prisma/client.js'
import type { Community, Db } from '../context.js'
import { localMidnight } from '../time.js'
import { planFor, type RedSaturday } from './red-saturday.js'

/** The hour a Red Saturday's service begins, for reminders (said as 上午). */
const START_HOUR = 9

/** One Red Saturday activity per community and week, found by its week's Saturday. */
const sourceOf = (communityId: number, saturdayKey: string) => `red-saturday:${communityId}:${saturdayKey}`

/**
 * The week's Red Saturday as an activity (made when first needed): sign-ups, check-ins, hours,
 * reminders and 来不了 then work as for every activity; the holiday rules set its day.
 */
export async function redSaturdayActivity(db: Db, community: Community, plan: Pick<RedSaturday, 'key' | 'dayKey'>, now: Date): Promise<Activity> {
  const [y, m, d] = plan.dayKey.split('-').map(Number)
  const startsAt = new Date(localMidnight(y!, m!, d!, community.config.timezone).getTime() + START_HOUR * 3_600_000)
  return db.activity.upsert({
    where: { sourceMessage: sourceOf(community.id, plan.key) },
    create: { communityId: community.id, kind: 'red_saturday', title: '红周六', startsAt, timeGiven: false, organiserId: 'station', organiserName: '驿站', sourceMessage: sourceOf(community.id, plan.key), createdAt: now },
    update: {},
  })
}

/** The Red Saturday's lines (signed up, or all), oldest first; none when nobody has signed up yet. */
export async function redSaturdayLines(db: Db, communityId: number, saturdayKey: string, status: string | null = 'signed'): Promise<ActivitySignup[]> {
  const activity = await db.activity.findUnique({ where: { sourceMessage: sourceOf(communityId, saturdayKey) }, select: { id: true } })
  if (!activity) return []
  return db.activitySignup.findMany({ where: { activityId: activity.id, ...(status ? { status } : {}) }, orderBy: [{ signedAt: 'asc' }, { id: 'asc' }] })
}

/**
 * Sign-ups kept before Red Saturdays were activities move into them, with their check-ins and
 * minutes, each week in one transaction; run at every start, it finds nothing left the second time.
 */
export async function moveOldRedSaturdays(db: Db, community: Community, now: Date): Promise<number> {
  const weeks = await db.volunteerSignup.findMany({ where: { communityId: community.id }, distinct: ['saturday'], select: { saturday: true } })
  let moved = 0
  for (const { saturday } of weeks) {
    const [y, m, d] = saturday.split('-').map(Number)
    const plan = planFor(localMidnight(y!, m!, d!, community.config.timezone), community.config)
    moved += await db.$transaction(async (tx) => {
      const activity = await redSaturdayActivity(tx as Db, community, plan, now)
      const rows = await tx.volunteerSignup.findMany({ where: { communityId: community.id, saturday }, orderBy: { id: 'asc' } })
      for (const r of rows) {
        await tx.activitySignup.create({
          data: {
            activityId: activity.id, contactId: r.contactId, name: r.name, building: r.building, status: r.status === 'signed' ? 'signed' : 'withdrawn',
            signedAt: r.signedAt, checkedInAt: r.checkedInAt, checkedOutAt: r.checkedOutAt, minutes: r.minutes, changedBy: 'moved-from-red-saturday',
          },
        })
      }
      await tx.volunteerSignup.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })
      return rows.length
    })
  }
  return moved
}
