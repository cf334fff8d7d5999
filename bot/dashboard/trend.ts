import type { Db } from '../../handlers/context.js'
import { computeSummary } from '../../handlers/summary/compute-summary.js'
import { reportChartOf } from '../../handlers/summary/report-chart.js'
import { addLocalDays, startOfLocalWeek } from '../../handlers/time.js'
import { renderChartSvg } from '../model/charts.js'

/** How long a drawn chart is shown before it is drawn again: twelve weeks of rates are a dozen queries each. */
const FRESH_MS = 10 * 60_000

/**
 * This week's report chart — the same ECharts rendering as the weekly digest's picture in the chat,
 * as SVG — with the three rates over 12 weeks, drawn at most every 10 minutes per dashboard.
 */
export class Trend {
  private drawn?: { at: number; svg: string }

  constructor(
    private readonly db: Db,
    private readonly communityId: number,
    private readonly communityName: string,
    private readonly timeZone: string,
  ) {}

  async svg(now: Date): Promise<string> {
    if (this.drawn && now.getTime() - this.drawn.at < FRESH_MS && now.getTime() >= this.drawn.at) return this.drawn.svg
    const week = startOfLocalWeek(now, this.timeZone)
    // This week included, so far.
    const weeksEnd = addLocalDays(week, 7, this.timeZone)
    const summary = await computeSummary(this.db, this.communityId, week, weeksEnd, now)
    const chart = await reportChartOf(this.db, this.communityId, `${this.communityName} 本周民情`, summary, weeksEnd, now, this.timeZone, 12)
    const svg = await renderChartSvg(chart)
    this.drawn = { at: now.getTime(), svg }
    return svg
  }
}
