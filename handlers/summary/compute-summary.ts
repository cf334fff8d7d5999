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

type CommunityWhere = { communityId: number | { in: number[] } }

/**
 * What each figure counts, for one community or several (the street): the period's cases, those
 * resolved in it, those due for a response and those answered in time, those resolved, those late
 * and open, those rated and those rated well, and the backlog now. One definition, so a street's
 * figures for a community are that community's own.
 */
export function figureWheres(community: CommunityWhere, from: Date, to: Date, now: Date) {
  const period = { ...community, createdAt: { gte: from, lt: to }, state: { notIn: TRIAGE_STATES } }
  return {
    created: period,
    resolved: { ...community, resolvedAt: { gte: from, lt: to } },
    responseDue: { ...period, OR: [{ acceptedAt: { not: null } }, { respondBy: { lte: now } }] },
    respondedInTime: (fields: Db['case']['fields']) => ({ ...period, acceptedAt: { lte: fields.respondBy } }),
    resolvedOfPeriod: { ...period, resolvedAt: { not: null } },
    lateOpen: { ...community, createdAt: period.createdAt, state: { in: OPEN_STATES }, resolveBy: { lt: now } },
    rated: { ...period, rating: { isNot: null } },
    pleased: { ...period, rating: { is: { score: { not: 'unsatisfied' } } } },
    open: { ...community, state: { in: OPEN_STATES } },
    overdue: { ...community, ...overdueWhere(now) },
  }
}

/** The three rates from the counts figureWheres defines. */
export function ratesOf(n: { responseDue: number; respondedInTime: number; resolvedOfPeriod: number; lateOpen: number; rated: number; pleased: number }) {
  return {
    responseRate: ratio(n.respondedInTime, n.responseDue),
    resolutionRate: ratio(n.resolvedOfPeriod, n.resolvedOfPeriod + n.lateOpen),
    satisfactionRate: ratio(n.pleased, n.rated),
  }
}

/** The counts of a period [from, to) and the three rates over its cases, at `now`. */
export async function periodFigures(db: Db, communityId: number, from: Date, to: Date, now: Date): Promise<PeriodFigures> {
  const w = figureWheres({ communityId }, from, to, now)
  const [created, resolved, responseDue, respondedInTime, resolvedOfPeriod, lateOpen, ratings] = await Promise.all([
    db.case.count({ where: w.created }),
    db.case.count({ where: w.resolved }),
    db.case.count({ where: w.responseDue }),
    db.case.count({ where: w.respondedInTime(db.case.fields) }),
    db.case.count({ where: w.resolvedOfPeriod }),
    db.case.count({ where: w.lateOpen }),
    db.rating.groupBy({ by: ['score'], where: { caseRow: w.created }, _count: { _all: true } }),
  ])
  const rated = ratings.reduce((sum, r) => sum + r._count._all, 0)
  const pleased = ratings.filter((r) => r.score !== 'unsatisfied').reduce((sum, r) => sum + r._count._all, 0)
  return { created, resolved, ...ratesOf({ responseDue, respondedInTime, resolvedOfPeriod, lateOpen, rated, pleased }) }
}

/** The open and overdue cases at `now`, whatever period is asked about. */
export async function backlogAt(db: Db, communityId: number, now: Date): Promise<Pick<Summary, 'open' | 'overdue'>> {
  const w = figureWheres({ communityId }, now, now, now)
  const [open, overdue] = await Promise.all([db.case.count({ where: w.open }), db.case.count({ where: w.overdue })])
  return { open, overdue }
}
