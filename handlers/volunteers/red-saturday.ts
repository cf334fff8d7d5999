import type { CommunityConfig } from '../community/config-schema.js'
import { calendarDay, type HolidayCalendar } from '../calendar.js'
import { addLocalDays, comingSaturday, dayText, localDateKey, localParts } from '../time.js'


export interface RedSaturday {
  /** The week's Saturday ('YYYY-MM-DD'): sign-ups are kept under it even when the service moves. */
  key: string
  /** The day the service happens: the Saturday, or the Sunday it moved to. */
  date: Date
  dayKey: string
  label: string
  /** The Saturday itself, as people read it. */
  saturdayLabel: string
  status: 'normal' | 'moved' | 'skipped'
  /** Why it moved or was skipped: 国庆节假期, 春节调休上班日. */
  reason?: string
}

type DayKind = { kind: 'rest' | 'workday' } | { kind: 'holiday' | 'makeup'; festival: string }

/** A date on China's calendar: an ordinary rest day or workday, a public holiday, or a make-up workday. */
export function dayKindOf(key: string, calendar: HolidayCalendar): DayKind {
  const { work, festival } = calendarDay(key, calendar)
  if (festival) return { kind: work ? 'makeup' : 'holiday', festival }
  return { kind: work ? 'workday' : 'rest' }
}

/** The plan for the Red Saturday of the week whose Saturday is `saturday`. */
export function planFor(saturday: Date, config: CommunityConfig): RedSaturday {
  const tz = config.timezone
  const key = localDateKey(saturday, tz)
  const label = dayText(saturday, tz)
  const normal: RedSaturday = { key, date: saturday, dayKey: key, label, saturdayLabel: label, status: 'normal' }
  const day = dayKindOf(key, config.calendar)
  if (!('festival' in day)) return normal
  const reason = day.kind === 'holiday' ? `${day.festival}假期` : `${day.festival}调休上班日`
  const rule = day.kind === 'holiday' ? config.redSaturday.onHoliday : config.redSaturday.onMakeupWorkday
  if (rule === 'keep') return normal
  const sunday = addLocalDays(saturday, 1, tz)
  if (rule === 'sunday' && dayKindOf(localDateKey(sunday, tz), config.calendar).kind === 'rest') {
    return { ...normal, date: sunday, dayKey: localDateKey(sunday, tz), label: dayText(sunday, tz), status: 'moved', reason }
  }
  return { ...normal, status: 'skipped', reason }
}

/**
 * The Red Saturday that sign-ups, check-ins and reminders refer to at `now`: this week's (also
 * on the Sunday it moved to), or the next one that takes place when this week's is skipped.
 * `skipped` lists the weeks passed over, for notices.
 */
export function redSaturdayOf(now: Date, config: CommunityConfig): RedSaturday & { skipped: RedSaturday[] } {
  const tz = config.timezone
  if (localParts(now, tz).weekday === 0) {
    const yesterday = planFor(addLocalDays(now, -1, tz), config)
    if (yesterday.status === 'moved' && yesterday.dayKey === localDateKey(now, tz)) return { ...yesterday, skipped: [] }
  }
  const skipped: RedSaturday[] = []
  let saturday = comingSaturday(now, tz)
  for (let week = 0; week < 8; week++) {
    const plan = planFor(saturday, config)
    if (plan.status !== 'skipped') return { ...plan, skipped }
    skipped.push(plan)
    saturday = addLocalDays(saturday, 7, tz)
  }
  return { ...planFor(saturday, config), skipped }
}

/** One line on a moved or skipped week, for reminders and sign-up answers. */
export function calendarNoticeText(plan: RedSaturday & { skipped: RedSaturday[] }): string | null {
  const skipped = plan.skipped.map((s) => `${s.label}是${s.reason}，红周六暂停一次`)
  if (plan.status === 'moved') skipped.push(`${plan.saturdayLabel}是${plan.reason}，红周六改到${plan.label}`)
  return skipped.length ? `${skipped.join('；')}。` : null
}
