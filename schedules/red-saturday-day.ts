import { perVolunteer, servicesBetween } from '../handlers/volunteers/service-record.js'
import { redSaturdayOf } from '../handlers/volunteers/red-saturday.js'
import { redSaturdayLines } from '../handlers/volunteers/red-saturday-activity.js'
import { decimalHoursText, rosterLines } from '../handlers/volunteers/roster.js'
import { localDateKey } from '../handlers/time.js'
import type { Job } from './job.js'
import { postToVolunteers, skip } from './job.js'

const NOT_TODAY = '今天没有红周六服务'

/** Saturday morning: today is the day, who is coming, and how to check in and out. */
export function redSaturdayMorning(cron: string, graceMinutes = 60): Job {
  return {
    name: 'redSaturdayMorning',
    title: '红周六当天提醒',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const saturday = redSaturdayOf(now, community.config)
      if (saturday.dayKey !== localDateKey(now, community.config.timezone)) return skip(NOT_TODAY)
      const roster = await rosterLines(db, community.id, saturday.key)
      const moved = saturday.status === 'moved' ? `（${saturday.reason}，改在今天）` : ''
      const lines = [`【红周六】今天${saturday.label}是红周六志愿服务日${moved}。`]
      if (roster.count > 0) lines.push(`已报名 ${roster.count} 人：`, ...roster.lines)
      else lines.push('还没有人报名，现在发「报名红周六」也来得及。')
      lines.push('到场后请发「签到」，结束时发「签退」，服务时长会自动累计。')
      return postToVolunteers(deps, lines.join('\n'), `job:redSaturdayMorning:${slot}`)
    },
  }
}

/**
 * Saturday evening: thanks, how many came and for how long, and this month's 红旗好人 — the
 * volunteers with the most hours. Nobody is named for staying away.
 */
export function redSaturdayThanks(cron: string, graceMinutes = 180): Job {
  return {
    name: 'redSaturdayThanks',
    title: '红周六感谢',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const tz = community.config.timezone
      const today = localDateKey(now, tz)
      const saturday = redSaturdayOf(now, community.config)
      if (saturday.dayKey !== today) return skip(NOT_TODAY)
      const rows = await redSaturdayLines(db, community.id, saturday.key)
      const came = rows.filter((r) => r.checkedInAt)
      const minutes = came.reduce((sum, r) => sum + r.minutes, 0)
      const lines = came.length
        ? [`【红周六感谢】今天 ${came.length} 位志愿者到场，共服务 ${decimalHoursText(minutes)}：${came.map((r) => r.name).join('、')}。谢谢大家！`]
        : ['【红周六感谢】今天没有志愿者签到。下周六见！']
      const month = today.slice(0, 7)
      // The month's service of every kind: Red Saturdays, activities and care errands.
      const best = perVolunteer(await servicesBetween(db, community, `${month}-01`, today, now), today).filter((p) => p.minutes > 0).slice(0, 3)
      if (best.length) lines.push(`本月红旗好人：${best.map((b, i) => `${i + 1}. ${b.name}（${decimalHoursText(b.minutes)}）`).join(' ')}`)
      return postToVolunteers(deps, lines.join('\n'), `job:redSaturdayThanks:${slot}`)
    },
  }
}
