import { buildingText } from '../handlers/cases/case-texts.js'
import { calendarNoticeText, planFor, redSaturdayOf } from '../handlers/volunteers/red-saturday.js'
import { buildingsWithoutVolunteers, rosterLines } from '../handlers/volunteers/roster.js'
import { comingSaturday } from '../handlers/time.js'
import type { Job } from './job.js'
import { postToVolunteers } from './job.js'

/**
 * Before each Red Saturday: the date, the roster so far, the buildings nobody has claimed and how
 * to sign up, to the volunteers group(s). A week skipped for a public holiday gets a notice instead.
 */
export function redSaturdayReminder(cron: string, graceMinutes = 180): Job {
  return {
    name: 'redSaturdayReminder',
    title: '红周六提醒',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const thisWeek = planFor(comingSaturday(now, community.config.timezone), community.config)
      const saturday = redSaturdayOf(now, community.config)
      const notice = calendarNoticeText(saturday)
      const key = `job:redSaturdayReminder:${slot}`
      if (thisWeek.status === 'skipped') {
        const text = `【红周六暂停】${notice}下次红周六是${saturday.label}，届时再提醒大家。节日快乐！`
        return postToVolunteers(deps, text, key)
      }
      const roster = await rosterLines(db, community.id, saturday.key)
      const lines = [`【红周六提醒】${notice ?? ''}${saturday.label}是红周六志愿服务日，一起把楼栋打扫干净、为邻居办点实事。`]
      if (roster.count > 0) lines.push(`已报名 ${roster.count} 人：`, ...roster.lines)
      else lines.push('目前还没有人报名。')
      const uncovered = await buildingsWithoutVolunteers(db, community.id, saturday.key)
      if (uncovered.length) lines.push(`还没有志愿者认领的楼栋：${uncovered.map(buildingText).join('、')}，欢迎住在附近的志愿者认领。`)
      lines.push('回复「报名红周六」报名，或「报名红周六 3栋」认领楼栋；临时有事回复「请假红周六」。当天到场后发「签到」。')
      return postToVolunteers(deps, lines.join('\n'), key)
    },
  }
}
