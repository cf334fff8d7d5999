import type { Urgency } from '../parse/parse-message.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const DEADLINES: Record<Urgency, { respond: number; resolve: number }> = {
  urgent: { respond: 30 * MINUTE, resolve: DAY },
  normal: { respond: 4 * HOUR, resolve: 3 * DAY },
  low: { respond: DAY, resolve: 7 * DAY },
}

/** When a new case must be accepted and resolved, by its urgency. */
export function deadlinesFor(urgency: Urgency, createdAt: Date): { respondBy: Date; resolveBy: Date } {
  const d = DEADLINES[urgency]
  return {
    respondBy: new Date(createdAt.getTime() + d.respond),
    resolveBy: new Date(createdAt.getTime() + d.resolve),
  }
}

interface DeadlineFields {
  state: string
  respondBy: Date
  resolveBy: Date
}

/** 督: an open case whose response or resolution deadline has passed. */
export function isOverdue(caseRow: DeadlineFields, now: Date): boolean {
  if (!['reported', 'accepted', 'discussing', 'in_progress'].includes(caseRow.state)) return false
  if (caseRow.resolveBy < now) return true
  return caseRow.state === 'reported' && caseRow.respondBy < now
}

/** The same rule as a database filter, so lists and counts agree. */
export function overdueWhere(now: Date) {
  return {
    OR: [
      { state: { in: ['reported', 'accepted', 'discussing', 'in_progress'] }, resolveBy: { lt: now } },
      { state: 'reported', respondBy: { lt: now } },
    ],
  }
}
