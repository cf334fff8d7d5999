import { computeSummary } from '../handlers/summary/compute-summary.js'
import { reportChartOf } from '../handlers/summary/report-chart.js'
import { summaryText } from '../handlers/summary/summary-text.js'
import { issueTitleText, progressText, topIssues } from '../handlers/summary/top-issues.js'
import { addLocalDays, startOfLocalWeek } from '../handlers/time.js'
import type { Job } from './job.js'
import { tellSecretaries } from './job.js'

const caseNumbers = (cases: Array<{ number: number }>): string => cases.map((c) => `#${c.number}`).join(' ')

/**
 * Monday morning, to the secretaries: the one or two issues residents raised most last week
 * (category × building, duplicates and +1 included) as picks for the 五+X joint office, how
 * the previous week's picks are going, last week's figures, and a chart.
 */
export function weeklyDigest(cron: string, graceMinutes = 240): Job {
  return {
    name: 'weeklyDigest',
    title: '五+X 周报',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const tz = community.config.timezone
      const to = startOfLocalWeek(now, tz)
      const from = addLocalDays(to, -7, tz)
      const [picks, previous, summary] = await Promise.all([
        topIssues(db, community.id, from, to),
        topIssues(db, community.id, addLocalDays(from, -7, tz), from),
        computeSummary(db, community.id, from, to, now),
      ])
      const lines = [`【五+X 周报】${community.config.community}`]
      if (picks.length) {
        lines.push('上周居民反映最多的问题（含合并的重复反映和 +1），建议作为本周五+X联合办公议题：')
        picks.forEach((p, i) => lines.push(`${i + 1}. ${issueTitleText(p)}：${p.people} 人次反映，${p.cases.length} 件工单（${caseNumbers(p.cases)}），现${progressText(p.cases.map((c) => c.state))}`))
      } else {
        lines.push('上周没有居民反映的问题。')
      }
      if (previous.length) {
        lines.push('前一周议题的进展：')
        for (const p of previous) lines.push(`· ${issueTitleText(p)}（${caseNumbers(p.cases)}）：${progressText(p.cases.map((c) => c.state))}`)
      }
      lines.push('', summaryText('上周民情', summary, tz, '起一周'))
      const text = lines.join('\n')
      const chart = await deps.renderChart?.(await reportChartOf(db, community.id, `${community.config.community} 上周民情`, summary, to, now, tz))
      const image = chart ? { name: `weekly-${slot.slice(0, 10)}.png`, data: chart } : undefined
      return tellSecretaries(deps, text, `job:weeklyDigest:${slot}`, image)
    },
  }
}
