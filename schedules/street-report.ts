import { categoryName } from '../handlers/cases/case-texts.js'
import type { ReportChart } from '../handlers/summary/report-chart.js'
import { byRates, categoriesByCommunity, communityFigures, streetQueue } from '../handlers/street/street-figures.js'
import { streetCaseLine, streetPeople } from '../handlers/street/street-queue.js'
import { addLocalDays, dayText, startOfLocalWeek } from '../handlers/time.js'
import type { Reply } from '../handlers/context.js'
import { isOpen } from '../handlers/cases/states.js'
import { skip, type Job } from './job.js'

const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`)
const chartPercent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 100))

/**
 * Monday morning, privately to the street's secretaries (sent by the street's first community):
 * last week's communities ranked by their three rates, the categories most reported across the
 * street, and the cases in the street's queue with their state; a chart of the same.
 */
export function streetReport(cron: string, graceMinutes = 240): Job {
  return {
    name: 'streetReport',
    title: '街道周报',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const street = community.config.street
      if (!street) return skip('not part of a street')
      const tz = community.config.timezone
      const to = startOfLocalWeek(now, tz)
      const from = addLocalDays(to, -7, tz)
      const rows = await db.community.findMany({ where: { name: { in: street.communities } }, select: { id: true, name: true } })
      const list = street.communities.flatMap((name) => rows.filter((r) => r.name === name))
      const ids = list.map((c) => c.id)
      const [figures, cells, queue] = await Promise.all([communityFigures(db, list, from, to, now), categoriesByCommunity(db, ids, from, to), streetQueue(db, ids, 30)])
      const ranked = figures.sort(byRates)
      const totals = new Map<string, number>()
      for (const c of cells) totals.set(c.category, (totals.get(c.category) ?? 0) + c.count)
      const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 5)
      const lines = [`【街道周报】${street.name} ${dayText(from, tz)}起一周`, '各社区按三率排名（三率平均，还没有到期的率不计）：']
      ranked.forEach((f, i) => lines.push(`${i + 1}. ${f.name}：新增 ${f.created}｜办结 ${f.resolved}｜逾期 ${f.overdue}｜响应率 ${percent(f.responseRate)}｜解决率 ${percent(f.resolutionRate)}｜满意率 ${percent(f.satisfactionRate)}`))
      lines.push(top.length ? `全街道反映最多：${top.map(([k, n]) => `${categoryName(k)} ${n}`).join('、')}` : '上周全街道没有新的工单。')
      const open = queue.filter((q) => isOpen(q.state))
      const nameOf = new Map(list.map((c) => [c.id, c.name]))
      if (queue.length) {
        lines.push(`提请街道协调的工单（未办结 ${open.length} 件）：`)
        for (const q of queue.slice(0, 15)) {
          const config = { ...community.config, community: nameOf.get(q.communityId) ?? '' }
          lines.push(`· ${streetCaseLine(config, { ...q, room: null })}${q.streetDepartment ? `｜交${q.streetDepartment}` : ''}`)
        }
      } else {
        lines.push('提请街道协调的工单：无')
      }
      const text = lines.join('\n')
      const chart: ReportChart = {
        title: `${street.name} 上周各社区`,
        byCategory: top.map(([k, n]) => ({ name: categoryName(k), count: n })),
        byBuilding: ranked.map((f) => ({ name: f.name, count: f.created })),
        weeks: ranked.map((f) => ({ label: f.name, response: chartPercent(f.responseRate), resolution: chartPercent(f.resolutionRate), satisfaction: chartPercent(f.satisfactionRate) })),
        captions: { second: '各社区新增（件）', rates: '各社区 响应率 / 解决率 / 满意率（%）' },
      }
      const png = await deps.renderChart?.(chart)
      const key = `job:streetReport:${slot}`
      return streetPeople(street, ['street_secretary']).flatMap((m) => {
        const replies: Reply[] = [{ conversationId: m.id, isRoom: false, text, key: `${key}:${m.id}` }]
        if (png) replies.push({ conversationId: m.id, isRoom: false, text: `[图表] street-${slot.slice(0, 10)}.png`, image: { name: `street-${slot.slice(0, 10)}.png`, data: png }, key: `${key}:${m.id}:chart` })
        return replies
      })
    },
  }
}
