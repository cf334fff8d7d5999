import type { Activity, ActivitySignup } from '../../bot/generated/prisma/client.js'
import type { Community, Db } from '../context.js'
import { localMidnight } from '../time.js'
import { planFor, type RedSaturday } from './red-saturday.js'

/** The hour a Red Saturday's service begins, for reminders (said as 上午). */
const START_HOUR = 9

/** The week's Red Saturday activities are found by their week's Saturday (and building, when the station runs it by building). */
const weekOf = (communityId: number, saturdayKey: string) => `red-saturday:${communityId}:${saturdayKey}`

/**
 * The week's Red Saturday as an activity (made when first needed): sign-ups, check-ins, hours,
 * reminders and 来不了 then work as for every activity; the holiday rules set its day. With
 * `redSaturday.byBuilding`, each building has its own, organised by its building head.
 */
export async function redSaturdayActivity(db: Db, community: Community, plan: Pick<RedSaturday, 'key' | 'dayKey'>, now: Date, building: string | null = null): Promise<Activity> {
  const [y, m, d] = plan.dayKey.split('-').map(Number)
  const startsAt = new Date(localMidnight(y!, m!, d!, community.config.timezone).getTime() + START_HOUR * 3_600_000)
  const own = community.config.redSaturday.byBuilding && building !== null
  const head = own ? community.config.members.find((m) => m.roles.includes('building_head') && m.buildings.includes(building)) : undefined
  const source = own ? `${weekOf(community.id, plan.key)}:${building}` : weekOf(community.id, plan.key)
  return db.activity.upsert({
    where: { sourceMessage: source },
    create: {
      communityId: community.id, kind: 'red_saturday', title: own ? `红周六（${building}栋）` : '红周六', startsAt, timeGiven: false,
      organiserId: head?.id ?? 'station', organiserName: head?.name ?? '驿站', sourceMessage: source, createdAt: now,
    },
    update: {},
  })
}

/** The week's Red Saturday lines (signed up, or all), every building's, oldest first; none when nobody has signed up yet. */
export async function redSaturdayLines(db: Db, communityId: number, saturdayKey: string, status: string | null = 'signed'): Promise<ActivitySignup[]> {
  const week = weekOf(communityId, saturdayKey)
  const activities = await db.activity.findMany({ where: { communityId, kind: 'red_saturday', OR: [{ sourceMessage: week }, { sourceMessage: { startsWith: `${week}:` } }] }, select: { id: true } })
  if (activities.length === 0) return []
  return db.activitySignup.findMany({ where: { activityId: { in: activities.map((a) => a.id) }, ...(status ? { status } : {}) }, orderBy: [{ signedAt: 'asc' }, { id: 'asc' }] })
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
      const rows = await tx.volunteerSignup.findMany({ where: { communityId: community.id, saturday }, orderBy: { id: 'asc' } })
      for (const r of rows) {
        const activity = await redSaturdayActivity(tx as Db, community, plan, now, r.building)
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
