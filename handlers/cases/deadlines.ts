import { DURATION } from '../community/vocabulary.js'
import type { DeadlineConfig } from '../community/config-schema.js'
import { workdayAfter, type HolidayCalendar } from '../calendar.js'
import type { Urgency } from '../parse/parse-message.js'
import { localDateKey, localMidnight, startOfLocalDay } from '../time.js'
import { OPEN_STATES } from './states.js'

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * `at` moved on by a configured duration in the community's timezone. Working days (wd)
 * follow China's holiday calendar with its make-up workdays (and the station's additions): the
 * same local time on the n-th working day after `at`.
 */
export function addDuration(at: Date, duration: string, timeZone: string, calendar: HolidayCalendar): Date {
  const m = DURATION.exec(duration)
  if (!m) throw new Error(`not a duration: ${duration}`)
  const amount = Number(m[1])
  const unit = m[2]!
  if (unit !== 'wd') return new Date(at.getTime() + amount * UNIT_MS[unit]!)
  const timeOfDay = at.getTime() - startOfLocalDay(at, timeZone).getTime()
  const [year, month, day] = workdayAfter(Math.ceil(amount), localDateKey(at, timeZone), calendar).split('-').map(Number) as [number, number, number]
  return new Date(localMidnight(year, month, day, timeZone).getTime() + timeOfDay)
}

export interface Deadlines {
  respondBy: Date
  resolveBy: Date
  /** Open past this — twice the time allowed to resolve — and the case goes to the street's list. */
  streetBy: Date
}

/** When a new case must be accepted and resolved, by its urgency and the community's rules. */
export function deadlinesFor(urgency: Urgency, createdAt: Date, community: { deadlines: DeadlineConfig; timezone: string; calendar: HolidayCalendar }): Deadlines {
  const rule = community.deadlines[urgency]
  const respondBy = addDuration(createdAt, rule.respond, community.timezone, community.calendar)
  const resolveBy = addDuration(createdAt, rule.resolve, community.timezone, community.calendar)
  return { respondBy, resolveBy, streetBy: new Date(2 * resolveBy.getTime() - createdAt.getTime()) }
}

interface DeadlineFields {
  state: string
  respondBy: Date
  resolveBy: Date
}

/** 督: an open case whose response or resolution deadline has passed. */
export function isOverdue(caseRow: DeadlineFields, now: Date): boolean {
  if (!(OPEN_STATES as string[]).includes(caseRow.state)) return false
  if (caseRow.resolveBy < now) return true
  return caseRow.state === 'reported' && caseRow.respondBy < now
}

/** The same rule as a database filter, so lists and counts agree. */
export function overdueWhere(now: Date) {
  return {
    OR: [
      { state: { in: OPEN_STATES }, resolveBy: { lt: now } },
      { state: 'reported', respondBy: { lt: now } },
    ],
  }
}

/** The deadline a case is being held to now: acceptance while nobody took it, then resolution. */
export function activeDeadline(caseRow: DeadlineFields & { createdAt: Date }): { due: Date; span: number } {
  const due = caseRow.state === 'reported' && caseRow.respondBy < caseRow.resolveBy ? caseRow.respondBy : caseRow.resolveBy
  return { due, span: Math.max(due.getTime() - caseRow.createdAt.getTime(), 60_000) }
}
