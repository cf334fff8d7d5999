import { localMidnight, localParts } from '../time.js'

/** When an activity takes place, as read from a line people wrote ("周四上午", "12月12日下午2点-4点"). */
export interface When {
  start: Date
  end: Date | null
  /** False when only a part of the day was given (上午): the start is that part's usual hour. */
  timeGiven: boolean
  /** The words it was read from, to leave out of the title. */
  words: string
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** 3, 十二, 二十三, 两 → a number (up to 99); NaN when it is none. */
export function chineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text)
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text)
  if (!m || (!m[1] && !m[2] && !m[3])) return Number.NaN
  if (!m[2]) return m[3] ? Number.NaN : DIGITS[m[1]!]!
  return (m[1] ? DIGITS[m[1]]! : 1) * 10 + (m[3] ? DIGITS[m[3]]! : 0)
}

const NUM = '[0-9一二两三四五六七八九十]{1,3}'
const PERIOD = '(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)'
/** The usual hour of a part of the day, when no time is given. */
const PERIOD_HOUR: Record<string, number> = { 凌晨: 6, 早上: 8, 早晨: 8, 上午: 9, 中午: 12, 下午: 14, 傍晚: 17, 晚上: 19 }
const WEEKDAY: Record<string, number> = { 日: 0, 天: 0, 七: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 0 }

const DAY_RE = new RegExp(
  [
    '(今天|今日|明天|明日|后天)',
    '(本|这|下下|下)?个?(?:周|星期|礼拜)([一二三四五六日天1-7])',
    `(${NUM})月(${NUM})[日号]?`,
    '(?<![\\d.])(\\d{1,2})[./](\\d{1,2})(?![\\d.])',
    `(?<![月\\d])(${NUM})[日号]`,
  ].join('|'),
)
const TIME = `(?:(\\d{1,2})[:：](\\d{2})|(${NUM})[点時时](半|(${NUM})分?)?)`
const TIME_RE = new RegExp(`${PERIOD}?\\s*${TIME}(?:\\s*(?:-|~|～|—+|到|至)\\s*${PERIOD}?\\s*${TIME})?|${PERIOD}`)

interface Clock {
  hour: number
  minute: number
}

/** A time read by TIME's groups from `at`, made afternoon by its part of the day; null when absent. */
function timeOf(groups: Array<string | undefined>, at: number, period: string | undefined): Clock | null {
  const [hh, mm, h, half, m] = groups.slice(at, at + 5)
  let hour: number
  let minute = 0
  if (hh !== undefined) {
    hour = Number(hh)
    minute = Number(mm)
  } else if (h !== undefined) {
    hour = chineseNumber(h)
    minute = half === '半' ? 30 : m !== undefined ? chineseNumber(m) : 0
  } else return null
  if (!Number.isFinite(hour) || !Number.isFinite(minute) || hour > 24 || minute > 59) return null
  if (period && ['下午', '傍晚', '晚上'].includes(period) && hour < 12) hour += 12
  if (period === '中午' && hour < 3) hour += 12
  return { hour, minute }
}

/**
 * The first date and time in `text`, for an activity: a day (今天/明天/后天, 周四, 下周二, 12月12日,
 * 12.12, 15号) and a time (9:00, 下午三点半, 上午, 2点-4点). With a day and no time, the day's part
 * or 9:00; with a time and no day, today if it is still ahead, else tomorrow. Null when neither is given.
 */
export function whenIn(text: string, now: Date, timeZone: string): When | null {
  const today = localParts(now, timeZone)
  const dayMatch = DAY_RE.exec(text)
  const timeMatch = TIME_RE.exec(text)
  if (!dayMatch && !timeMatch) return null
  let date: { year: number; month: number; day: number } | null = null
  if (dayMatch) {
    const [, relative, week, weekday, month, dayOfMonth, m2, d2, onlyDay] = dayMatch
    if (relative) date = { ...today, day: today.day + ({ 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2 } as Record<string, number>)[relative]! }
    else if (weekday) {
      const target = WEEKDAY[weekday]!
      // Weeks run Monday to Sunday: 下周二 is the Tuesday of next week, 周二 the coming one (today included).
      const fromMonday = (d: number) => (d + 6) % 7
      const ahead = week === '下' || week === '下下' ? 7 * (week === '下下' ? 2 : 1) + fromMonday(target) - fromMonday(today.weekday) : (target - today.weekday + 7) % 7
      date = { ...today, day: today.day + ahead }
    } else {
      const monthNumber = month !== undefined ? chineseNumber(month) : m2 !== undefined ? Number(m2) : today.month
      const dayNumber = dayOfMonth !== undefined ? chineseNumber(dayOfMonth) : d2 !== undefined ? Number(d2) : chineseNumber(onlyDay!)
      if (monthNumber >= 1 && monthNumber <= 12 && dayNumber >= 1 && dayNumber <= 31) {
        date = { year: today.year, month: monthNumber, day: dayNumber }
        // A date well past this year is next year's; a day of the month already past is next month's.
        const past = localMidnight(date.year, date.month, date.day, timeZone).getTime() < localMidnight(today.year, today.month, today.day, timeZone).getTime()
        if (past && onlyDay !== undefined) date = { ...date, month: date.month + 1 }
        else if (past && today.month - monthNumber > 1) date = { ...date, year: date.year + 1 }
      }
    }
  }
  let start: Clock | null = null
  let end: Clock | null = null
  let timeGiven = false
  if (timeMatch) {
    const g = [...timeMatch]
    const period = g[1] ?? g[13]
    start = timeOf(g, 2, g[1])
    // "快一点", "有点冷": an hour in Chinese numerals counts only with a day or a part of the day beside it.
    if (start && g[4] !== undefined && !/\d/.test(g[4]) && !g[1] && !dayMatch) return null
    end = start ? timeOf(g, 8, g[7] ?? g[1]) : null
    if (start) timeGiven = true
    else if (period) start = { hour: PERIOD_HOUR[period]!, minute: 0 }
  }
  const clock = start ?? { hour: 9, minute: 0 }
  if (!date) {
    const ahead = clock.hour * 60 + clock.minute > today.hour * 60 + today.minute
    date = { ...today, day: today.day + (ahead ? 0 : 1) }
  }
  const midnight = localMidnight(date.year, date.month, date.day, timeZone)
  const at = (c: Clock) => new Date(midnight.getTime() + (c.hour * 60 + c.minute) * 60_000)
  const words = [dayMatch?.[0], timeMatch?.[0]].filter((w): w is string => Boolean(w)).join(' ')
  return { start: at(clock), end: end ? at(end) : null, timeGiven, words }
}
