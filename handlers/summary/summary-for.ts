import type { Db, ModelAccess } from '../context.js'
import { addLocalDays, startOfLocalDay, startOfLocalWeek } from '../time.js'
import { computeSummary } from './compute-summary.js'
import { narrate } from './narrate.js'
import { summaryText } from './summary-text.js'

export type SummaryPeriod = 'day' | 'week'

interface Scope {
  db: Db
  communityId: number
  communityName: string
  timeZone: string
  /** When configured, a model writes a short paragraph on top; the figures always come from the database. */
  model?: ModelAccess
}

/** The text of today's or this week's summary: the same for the command and the schedule. */
export async function summaryFor(scope: Scope, period: SummaryPeriod, now: Date): Promise<string> {
  const { db, communityId, communityName, timeZone } = scope
  const from = period === 'day' ? startOfLocalDay(now, timeZone) : startOfLocalWeek(now, timeZone)
  const to = addLocalDays(from, period === 'day' ? 1 : 7, timeZone)
  const summary = await computeSummary(db, communityId, from, to, now)
  const title = `${communityName}${period === 'day' ? '今日民情汇总' : '本周民情汇总'}`
  const text = summaryText(title, summary, timeZone, period === 'day' ? '' : '起一周')
  const paragraph = await narrate(summary, scope.model, now)
  if (!paragraph) return text
  const [head, ...rest] = text.split('\n')
  return [head, paragraph, ...rest].join('\n')
}
