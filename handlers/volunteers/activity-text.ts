import type { Activity } from '../../bot/generated/prisma/client.js'
import { dayText, momentText } from '../time.js'

/** When an activity is, as people read it: 12月10日（周四）09:00, or 上午 when only that was said. */
export function activityTimeText(activity: Pick<Activity, 'startsAt' | 'timeGiven'>, timeZone: string): string {
  if (activity.timeGiven) return `${dayText(activity.startsAt, timeZone)} ${momentText(activity.startsAt, timeZone).split(' ')[1]}`
  const hour = Number(momentText(activity.startsAt, timeZone).split(' ')[1]!.slice(0, 2))
  const part = hour < 8 ? '早上' : hour < 12 ? '上午' : hour < 14 ? '中午' : hour < 17 ? '下午' : hour < 19 ? '傍晚' : '晚上'
  return `${dayText(activity.startsAt, timeZone)}${part}`
}

/** 2 小时 30 分钟, 45 分钟, 3 小时. */
export const hoursText = (minutes: number): string => {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return h && m ? `${h} 小时 ${m} 分钟` : h ? `${h} 小时` : `${m} 分钟`
}
