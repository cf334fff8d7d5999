import { CronExpressionParser } from 'cron-parser'

/** The firings of a cron expression after `since` and up to `now`, newest first (at most `limit`). */
export function firingsBetween(expression: string, timezone: string, since: Date, now: Date, limit = 50): Date[] {
  const found: Date[] = []
  const it = CronExpressionParser.parse(expression, { tz: timezone, currentDate: new Date(now.getTime() + 1) })
  while (found.length < limit) {
    const due = it.prev().toDate()
    if (due <= since) break
    found.push(due)
  }
  return found
}

/** The next firings of a cron expression after `from`. */
export function nextFirings(expression: string, timezone: string, from: Date, count: number): Date[] {
  const it = CronExpressionParser.parse(expression, { tz: timezone, currentDate: from })
  return Array.from({ length: count }, () => it.next().toDate())
}
