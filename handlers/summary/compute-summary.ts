import type { Db } from '../context.js'
import { overdueWhere } from '../cases/deadlines.js'
import { OPEN_STATES, TRIAGE_STATES } from '../cases/states.js'

export interface Summary {
  from: Date
  to: Date
  created: number
  resolved: number
  open: number
  overdue: number
  byCategory: Array<{ category: string; count: number }>
  byBuilding: Array<{ building: string | null; count: number }>
  urgent: Array<{ number: number; category: string; building: string | null; unit: string | null; state: string }>
  /** Open past twice their resolution time: for the street (小事不出社区，大事不出街道). */
  street: Array<{ number: number; category: string; building: string | null; unit: string | null; state: string }>
  /** Suspected reports waiting for staff to confirm or dismiss them (待确认). */
  suspected: number
  /** Resolved cases of the period closed without a rating (not in 满意率). */
  unrated: number
  /** Ratios 0–1, or null when nothing was due yet. */
  responseRate: number | null
  resolutionRate: number | null
  satisfactionRate: number | null
}

const ratio = (hit: number, total: number): number | null => (total === 0 ? null : hit / total)

/**
 * The figures of a summary for [from, to): counts of the period, the open and overdue
 * backlog at `now`, and the three rates over the period's cases.
 */
export async function computeSummary(db: Db, communityId: number, from: Date, to: Date, now: Date): Promise<Summary> {
  // Suspected reports count nowhere until staff confirm them; only how many wait is shown.
  const period = { communityId, createdAt: { gte: from, lt: to }, state: { notIn: TRIAGE_STATES } }
  const [figures, backlog, byCategory, byBuilding, urgent, suspected, street, unrated] = await Promise.all([
    periodFigures(db, communityId, from, to, now),
    backlogAt(db, communityId, now),
    db.case.groupBy({ by: ['category'], where: period, _count: { _all: true } }),
    db.case.groupBy({ by: ['building'], where: period, _count: { _all: true } }),
    db.case.findMany({
      where: { communityId, urgency: 'urgent', OR: [{ createdAt: { gte: from, lt: to } }, { state: { in: OPEN_STATES } }] },
      orderBy: { number: 'asc' },
      take: 10,
      select: { number: true, category: true, building: true, unit: true, state: true },
    }),
    db.case.count({ where: { communityId, state: 'suspected' } }),
    db.case.findMany({
      where: { communityId, state: { in: OPEN_STATES }, streetBy: { lt: now } },
      orderBy: { number: 'asc' },
      take: 10,
      select: { number: true, category: true, building: true, unit: true, state: true },
    }),
    db.case.count({ where: { communityId, createdAt: period.createdAt, state: 'rated', rating: { is: null } } }),
  ])
  return {
    from, to, ...figures, ...backlog, suspected,
    byCategory: byCategory.map((r) => ({ category: r.category, count: r._count._all })).sort((a, b) => b.count - a.count),
    byBuilding: byBuilding.map((r) => ({ building: r.building, count: r._count._all })).sort((a, b) => b.count - a.count),
    urgent,
    street,
    unrated,
  }
}

export type PeriodFigures = Pick<Summary, 'created' | 'resolved' | 'responseRate' | 'resolutionRate' | 'satisfactionRate'>

/** The counts of a period [from, to) and the three rates over its cases, at `now`. */
export async function periodFigures(db: Db, communityId: number, from: Date, to: Date, now: Date): Promise<PeriodFigures> {
  const period = { communityId, createdAt: { gte: from, lt: to }, state: { notIn: TRIAGE_STATES } }
  const dueForResponse = { ...period, OR: [{ acceptedAt: { not: null } }, { respondBy: { lte: now } }] }
  const [created, resolved, responseDue, respondedInTime, resolvedOfPeriod, lateOpen, ratings] = await Promise.all([
    db.case.count({ where: period }),
    db.case.count({ where: { communityId, resolvedAt: { gte: from, lt: to } } }),
    db.case.count({ where: dueForResponse }),
    db.case.count({ where: { ...period, acceptedAt: { lte: db.case.fields.respondBy } } }),
    db.case.count({ where: { ...period, resolvedAt: { not: null } } }),
    db.case.count({ where: { communityId, createdAt: period.createdAt, state: { in: OPEN_STATES }, resolveBy: { lt: now } } }),
    db.rating.groupBy({ by: ['score'], where: { caseRow: period }, _count: { _all: true } }),
  ])
  const rated = ratings.reduce((sum, r) => sum + r._count._all, 0)
  const pleased = ratings.filter((r) => r.score !== 'unsatisfied').reduce((sum, r) => sum + r._count._all, 0)
  return {
    created, resolved,
    responseRate: ratio(respondedInTime, responseDue),
    resolutionRate: ratio(resolvedOfPeriod, resolvedOfPeriod + lateOpen),
    satisfactionRate: ratio(pleased, rated),
  }
}

/** The open and overdue cases at `now`, whatever period is asked about. */
export async function backlogAt(db: Db, communityId: number, now: Date): Promise<Pick<Summary, 'open' | 'overdue'>> {
  const [open, overdue] = await Promise.all([
    db.case.count({ where: { communityId, state: { in: OPEN_STATES } } }),
    db.case.count({ where: { communityId, ...overdueWhere(now) } }),
  ])
  return { open, overdue }
}
