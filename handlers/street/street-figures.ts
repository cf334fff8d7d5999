import type { Db } from '../context.js'
import { TRIAGE_STATES } from '../cases/states.js'
import { figureWheres, ratesOf, type PeriodFigures } from '../summary/compute-summary.js'
import { addLocalDays, localMidnight, localParts, startOfLocalDay, startOfLocalWeek } from '../time.js'

type CaseWhere = NonNullable<Parameters<Db['case']['count']>[0]>['where']

export interface CommunityFigures extends PeriodFigures {
  communityId: number
  name: string
  open: number
  overdue: number
  /** Its cases in the street's queue, still open. */
  atStreet: number
}

export const PERIODS = { today: '今天', week: '本周', lastWeek: '上周', month: '本月' } as const
export type Period = keyof typeof PERIODS

/** Today, this week (from Monday), last week (Monday to Monday, as the weekly report) or this month, in the street's time zone. */
export function periodRange(period: Period, now: Date, timeZone: string): { from: Date; to: Date } {
  if (period === 'today') return { from: startOfLocalDay(now, timeZone), to: now }
  const monday = startOfLocalWeek(now, timeZone)
  if (period === 'week') return { from: monday, to: now }
  if (period === 'lastWeek') return { from: addLocalDays(monday, -7, timeZone), to: monday }
  const { year, month } = localParts(now, timeZone)
  return { from: localMidnight(year, month, 1, timeZone), to: now }
}

/** The mean of the rates a community has (a rate nobody was due for yet is left out); null when it has none. */
export function rateScore(f: Pick<PeriodFigures, 'responseRate' | 'resolutionRate' | 'satisfactionRate'>): number | null {
  const rates = [f.responseRate, f.resolutionRate, f.satisfactionRate].filter((r): r is number => r !== null)
  return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null
}

/** Communities best first by the mean of their three rates; those with no rate yet last, by name. */
export const byRates = (a: CommunityFigures, b: CommunityFigures): number => {
  const [x, y] = [rateScore(a), rateScore(b)]
  if (x === null || y === null) return x === null && y === null ? a.name.localeCompare(b.name, 'zh') : x === null ? 1 : -1
  return y - x || b.resolved - a.resolved
}

/**
 * Each community's figures for [from, to): new, resolved and the three rates of the period, and
 * open, overdue and at the street now. The same definitions as each community's own summary
 * (figureWheres), each counted once for all the communities, grouped by community.
 */
export async function communityFigures(db: Db, communities: ReadonlyArray<{ id: number; name: string }>, from: Date, to: Date, now: Date): Promise<CommunityFigures[]> {
  const ids = communities.map((c) => c.id)
  const w = figureWheres({ communityId: { in: ids } }, from, to, now)
  const byCommunity = async (where: CaseWhere) => {
    const rows = await db.case.groupBy({ by: ['communityId'], where, _count: { _all: true } })
    return (id: number) => rows.find((r) => r.communityId === id)?._count._all ?? 0
  }
  const [created, resolved, responseDue, respondedInTime, resolvedOfPeriod, lateOpen, rated, pleased, open, overdue, atStreet] = await Promise.all([
    byCommunity(w.created), byCommunity(w.resolved), byCommunity(w.responseDue), byCommunity(w.respondedInTime(db.case.fields)),
    byCommunity(w.resolvedOfPeriod), byCommunity(w.lateOpen), byCommunity(w.rated), byCommunity(w.pleased), byCommunity(w.open), byCommunity(w.overdue),
    byCommunity({ ...w.open, streetAt: { not: null } }),
  ])
  return communities.map((c) => ({
    communityId: c.id, name: c.name, created: created(c.id), resolved: resolved(c.id), open: open(c.id), overdue: overdue(c.id), atStreet: atStreet(c.id),
    ...ratesOf({ responseDue: responseDue(c.id), respondedInTime: respondedInTime(c.id), resolvedOfPeriod: resolvedOfPeriod(c.id), lateOpen: lateOpen(c.id), rated: rated(c.id), pleased: pleased(c.id) }),
  }))
}

/** Cases of [from, to) by community and category (the street's 挂图), suspected reports left out. */
export async function categoriesByCommunity(db: Db, ids: number[], from: Date, to: Date): Promise<Array<{ communityId: number; category: string; count: number }>> {
  const rows = await db.case.groupBy({ by: ['communityId', 'category'], where: { communityId: { in: ids }, createdAt: { gte: from, lt: to }, state: { notIn: TRIAGE_STATES } }, _count: { _all: true } })
  return rows.map((r) => ({ communityId: r.communityId, category: r.category, count: r._count._all }))
}

/** The street's queue: cases taken to the street, open ones first, newest first. */
export function streetQueue(db: Db, ids: number[], take = 100) {
  return db.case.findMany({
    where: { communityId: { in: ids }, streetAt: { not: null } },
    orderBy: [{ closedAt: { sort: 'desc', nulls: 'first' } }, { streetAt: 'desc' }],
    take,
    select: { id: true, communityId: true, number: true, category: true, building: true, unit: true, state: true, streetAt: true, streetReason: true, streetDepartment: true, assigneeName: true, resolveBy: true },
  })
}
