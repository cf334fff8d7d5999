import { weeklyRates } from '../../handlers/summary/report-chart.js'
import type { Db } from '../../handlers/context.js'
import { addLocalDays, startOfLocalWeek } from '../../handlers/time.js'
import { renderTrendSvg } from '../model/charts.js'

/** How long a drawn trend is shown before it is drawn again: twelve weeks of rates are a dozen summaries. */
const FRESH_MS = 10 * 60_000

/** The three rates over the last 12 weeks as an SVG, drawn at most every 10 minutes per dashboard. */
export class Trend {
  private drawn?: { at: number; svg: string }

  constructor(
    private readonly db: Db,
    private readonly communityId: number,
    private readonly timeZone: string,
  ) {}

  async svg(now: Date): Promise<string> {
    if (this.drawn && now.getTime() - this.drawn.at < FRESH_MS && now.getTime() >= this.drawn.at) return this.drawn.svg
    // This week included, so far.
    const weeksEnd = addLocalDays(startOfLocalWeek(now, this.timeZone), 7, this.timeZone)
    const svg = await renderTrendSvg(await weeklyRates(this.db, this.communityId, weeksEnd, now, this.timeZone, 12))
    this.drawn = { at: now.getTime(), svg }
    return svg
  }
}
