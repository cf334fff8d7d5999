// Calendar arithmetic in the community's timezone, whatever the server's TZ is.

interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function localParts(date: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(date).map((p) => [p.type, p.value]))
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday as string] ?? 0,
  }
}

/** The instant at local midnight of the given local calendar date. */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day)
  const p = localParts(new Date(guess), timeZone)
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess
  return new Date(guess - offset)
}

export function startOfLocalDay(date: Date, timeZone: string): Date {
  const p = localParts(date, timeZone)
  return localMidnight(p.year, p.month, p.day, timeZone)
}

/** Monday 00:00 of the local week that holds `date`. */
export function startOfLocalWeek(date: Date, timeZone: string): Date {
  const p = localParts(date, timeZone)
  const back = (p.weekday + 6) % 7
  return localMidnight(p.year, p.month, p.day - back, timeZone)
}

export function addLocalDays(date: Date, days: number, timeZone: string): Date {
  const p = localParts(date, timeZone)
  return localMidnight(p.year, p.month, p.day + days, timeZone)
}

/** 'YYYY-MM-DD' of the local date. */
export function localDateKey(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone)
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

/** The Saturday volunteers sign up for: today on a Saturday, else the next one. */
export function comingSaturday(date: Date, timeZone: string): Date {
  const p = localParts(date, timeZone)
  return localMidnight(p.year, p.month, p.day + ((6 - p.weekday + 7) % 7), timeZone)
}

const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六']

/** 11月21日（周六） */
export function dayText(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone)
  return `${p.month}月${p.day}日（周${WEEKDAY_NAMES[p.weekday]}）`
}

/** 11月21日 08:05 */
export function momentText(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone)
  return `${p.month}月${p.day}日 ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`
}
