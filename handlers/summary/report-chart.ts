import type { Db } from '../context.js'
import { buildingText, categoryName } from '../cases/case-texts.js'
import { addLocalDays, localParts } from '../time.js'
import { periodFigures, type Summary } from './compute-summary.js'

/** What a report's picture shows, as plain data; `bot/` turns it into a PNG. */
export interface ReportChart {
  title: string
  byCategory: Array<{ name: string; count: number }>
  byBuilding: Array<{ name: string; count: number }>
  /** The three rates (0–100, or null with nothing due) week by week, oldest first. */
  weeks: Array<{ label: string; response: number | null; resolution: number | null; satisfaction: number | null }>
  /** Other headings for the second panel and the rates (the street's report: communities instead of buildings and weeks). */
  captions?: { second: string; rates: string }
}

/** Renders a chart to PNG bytes, or null when it cannot (no CJK font on the machine). */
export type ChartRenderer = (chart: ReportChart) => Promise<Uint8Array | null>

const percent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 100))

/**
 * The picture of a report: the period's cases by category and by building (from its summary),
 * and the three rates for each of the `weekCount` weeks that end at `weeksEnd`.
 */
export async function reportChartOf(db: Db, communityId: number, title: string, summary: Summary, weeksEnd: Date, now: Date, timeZone: string, weekCount = 8): Promise<ReportChart> {
  const weeks = await weeklyRates(db, communityId, weeksEnd, now, timeZone, weekCount)
  return {
    title,
    byCategory: summary.byCategory.map((c) => ({ name: categoryName(c.category), count: c.count })),
    byBuilding: summary.byBuilding.map((b) => ({ name: b.building ? buildingText(b.building) : '未注明', count: b.count })),
    weeks,
  }
}

/** The three rates (0–100, or null) for each of the `weekCount` weeks that end at `weeksEnd`, oldest first. */
export async function weeklyRates(db: Db, communityId: number, weeksEnd: Date, now: Date, timeZone: string, weekCount: number): Promise<ReportChart['weeks']> {
  const weeks: ReportChart['weeks'] = []
  for (let i = weekCount; i >= 1; i--) {
    const from = addLocalDays(weeksEnd, -7 * i, timeZone)
    const week = await periodFigures(db, communityId, from, addLocalDays(from, 7, timeZone), now)
    const p = localParts(from, timeZone)
    weeks.push({ label: `${p.month}/${p.day}`, response: percent(week.responseRate), resolution: percent(week.resolutionRate), satisfaction: percent(week.satisfactionRate) })
  }
  return weeks
}
