import { categoryName, locationText } from '../handlers/cases/case-texts.js'
import { OPEN_STATES, stateWord } from '../handlers/cases/states.js'
import { computeSummary } from '../handlers/summary/compute-summary.js'
import { reportChartOf } from '../handlers/summary/report-chart.js'
import { summaryText } from '../handlers/summary/summary-text.js'
import { localMidnight, localParts, startOfLocalWeek } from '../handlers/time.js'
import type { Job } from './job.js'
import { postToGroups, tellSecretaries } from './job.js'

/**
 * Early each month, to the secretaries: a reminder to hold the branch meeting, with last month's
 * figures as its report and a chart (by category, by building, the rates week by week).
 */
export function branchMeeting(cron: string, graceMinutes = 24 * 60): Job {
  return {
    name: 'branchMeeting',
    title: '支部会议提醒与月报',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const tz = community.config.timezone
      const p = localParts(now, tz)
      const to = localMidnight(p.year, p.month, 1, tz)
      const from = localMidnight(p.year, p.month - 1, 1, tz)
      const month = localParts(from, tz).month
      const [summary, discussing] = await Promise.all([
        computeSummary(db, community.id, from, to, now),
        db.case.count({ where: { communityId: community.id, state: 'discussing' } }),
      ])
      const lines = [
        `【支部会议提醒】本月支部会议（主题党日）请按计划召开，建议把上月民情和待协商事项列入议程。`,
        summaryText(`${month}月民情月报`, summary, tz, '起一个月'),
        `待联席会议协商的工单 ${discussing} 件，发「议程」可查看。`,
      ]
      const chart = await deps.renderChart?.(await reportChartOf(db, community.id, `${community.config.community} ${month}月民情`, summary, startOfLocalWeek(now, tz), now, tz))
      const image = chart ? { name: `monthly-${slot.slice(0, 7)}.png`, data: chart } : undefined
      return tellSecretaries(deps, lines.join('\n'), `job:branchMeeting:${slot}`, image)
    },
  }
}

/**
 * Before the monthly joint meeting (联席会议): the agenda — cases sent for discussion (协商中) and
 * open cases that were escalated — to the staff group(s), or to the secretaries when there is none.
 * Rooms and names stay out; case numbers lead to the details.
 */
export function jointMeetingAgenda(cron: string, graceMinutes = 24 * 60): Job {
  return {
    name: 'jointMeetingAgenda',
    title: '联席会议议程',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const tz = community.config.timezone
      const [discussing, escalated] = await Promise.all([
        db.case.findMany({ where: { communityId: community.id, state: 'discussing' }, orderBy: [{ discussedAt: 'asc' }, { number: 'asc' }], take: 30 }),
        db.case.findMany({ where: { communityId: community.id, state: { in: OPEN_STATES.filter((s) => s !== 'discussing') }, escalationLevel: { gt: 0 } }, orderBy: [{ escalationLevel: 'desc' }, { number: 'asc' }], take: 30 }),
      ])
      const line = (c: (typeof discussing)[number]) => `· #${c.number} ${categoryName(c.category)}｜${locationText(c, false)}｜${c.party}｜${stateWord(c.state)}`
      const lines = [`【联席会议议程】${localParts(now, tz).month}月联席会议，请各方提前准备：`]
      lines.push(discussing.length ? `一、提交协商的事项（${discussing.length} 件）：` : '一、提交协商的事项：暂无', ...discussing.map(line))
      lines.push(escalated.length ? `二、逾期升级、仍未办结的工单（${escalated.length} 件）：` : '二、逾期升级的工单：暂无', ...escalated.map(line))
      lines.push('会上议定的事项，请用「进展 #工单号 内容」记录，办完用「完成 #工单号」。')
      const text = lines.join('\n')
      const key = `job:jointMeetingAgenda:${slot}`
      const staff = await postToGroups(deps, ['staff'], text, key)
      return staff.length ? staff : tellSecretaries(deps, text, key)
    },
  }
}
