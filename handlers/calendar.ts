// The package is CommonJS: its functions are reached through the default export.
import chineseDays from 'chinese-days'
import { localParts } from './time.js'

/**
 * Holidays and make-up workdays (调休上班日) the station adds by date, over the library's own data:
 * the State Council publishes each year's in November or December, and the library may not have
 * it yet. Names are what people read: 元旦, 春节.
 */
export interface HolidayCalendar {
  holidays: Readonly<Record<string, string>>
  workdays: Readonly<Record<string, string>>
}

export const NO_ADDITIONS: HolidayCalendar = { holidays: {}, workdays: {} }

/** A date of China's calendar: a working day or not, and the festival that makes it so, if one does. */
export interface CalendarDay {
  work: boolean
  festival?: string
}

/** 'YYYY-MM-DD' read with the station's additions first, then the library's data, then the weekday. */
export function calendarDay(key: string, calendar: HolidayCalendar): CalendarDay {
  const holiday = calendar.holidays[key]
  if (holiday) return { work: false, festival: holiday }
  const workday = calendar.workdays[key]
  if (workday) return { work: true, festival: workday }
  const detail = chineseDays.getDayDetail(key)
  const festival = detail.name.split(',')[1]
  return festival ? { work: detail.work, festival } : { work: detail.work }
}

const nextKey = (key: string): string => {
  const d = new Date(`${key}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** The `n`th working day after `from` ('YYYY-MM-DD'); `from` itself when n is 0 and it is one. */
export function workdayAfter(n: number, from: string, calendar: HolidayCalendar): string {
  let key = from
  if (n <= 0) {
    while (!calendarDay(key, calendar).work) key = nextKey(key)
    return key
  }
  for (let left = n; left > 0; ) {
    key = nextKey(key)
    if (calendarDay(key, calendar).work) left--
  }
  return key
}

/** Whether a year's public holidays are known, from the library or the station's additions. */
export function knowsYear(year: number, calendar: HolidayCalendar): boolean {
  const added = Object.keys(calendar.holidays).some((k) => k.startsWith(`${year}-`))
  return added || chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0
}

/**
 * What the operator must add when the calendar does not know this year, or (in December) next
 * year: null when both are known. Said in Chinese, naming the key and where the dates are published.
 */
export function missingCalendarText(now: Date, timeZone: string, calendar: HolidayCalendar): { years: number[]; text: string } | null {
  const { year, month } = localParts(now, timeZone)
  const years = [year, ...(month === 12 ? [year + 1] : [])].filter((y) => !knowsYear(y, calendar))
  if (years.length === 0) return null
  const named = years.map((y) => `${y} 年`).join('和')
  return {
    years,
    text:
      `提醒：红管家的节假日日历里还没有 ${named}的法定节假日和调休上班日。没有它们，按工作日算的办理时限会把节假日也算成工作日，红周六遇到放假或调休也不会顺延。` +
      `请在社区配置文件里加上 calendar（或让 calendar 指向一个文件），写明 holidays（放假的日期和节日名）和 workdays（调休上班的日期和节日名），例如：\n` +
      `calendar:\n  holidays:\n    "${years[0]}-01-01": 元旦\n  workdays:\n    "${years[0]}-02-20": 春节\n` +
      `日期以国务院办公厅每年发布的《关于${years[0]}年部分节假日安排的通知》为准（中国政府网 www.gov.cn 可查）。改好后重启红管家即可。`,
  }
}
