import { html } from 'hono/html'
import { categoryName, locationText } from '../../../handlers/cases/case-texts.js'
import { isOverdue } from '../../../handlers/cases/deadlines.js'
import { OPEN_STATES, stateWord } from '../../../handlers/cases/states.js'
import type { Db } from '../../../handlers/context.js'
import { backlogAt, periodFigures } from '../../../handlers/summary/compute-summary.js'
import { addLocalDays, localParts, momentText, startOfLocalDay, startOfLocalWeek } from '../../../handlers/time.js'

const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`)

/** The first of the month `now` is in, at local midnight. */
const startOfLocalMonth = (now: Date, timeZone: string): Date => addLocalDays(startOfLocalDay(now, timeZone), 1 - localParts(now, timeZone).day, timeZone)

/** 总览: today, this week and this month — the same figures as the chat's summaries — and the urgent and overdue cases first. */
export async function overviewPage(db: Db, communityId: number, timeZone: string, now: Date) {
  const today = startOfLocalDay(now, timeZone)
  const week = startOfLocalWeek(now, timeZone)
  const month = startOfLocalMonth(now, timeZone)
  const periods = [
    ['今天', today, addLocalDays(today, 1, timeZone)],
    ['本周', week, addLocalDays(week, 7, timeZone)],
    ['本月', month, addLocalDays(today, 1, timeZone)],
  ] as const
  const [backlog, ...figures] = await Promise.all([backlogAt(db, communityId, now), ...periods.map(([, from, to]) => periodFigures(db, communityId, from, to, now))])
  const summaries = figures.map((f) => ({ ...f, ...backlog }))
  const pressing = await db.case.findMany({
    where: { communityId, state: { in: OPEN_STATES }, OR: [{ urgency: 'urgent' }, { overdueAt: { not: null } }, { resolveBy: { lt: now } }] },
    orderBy: [{ urgency: 'desc' }, { resolveBy: 'asc' }],
    take: 30,
  })
  const cards = periods.map(
    ([label], i) => html`<div class="card" data-period="${label}"><h2>${label}</h2><dl>
      <dt>新增</dt><dd data-figure="新增">${summaries[i]!.created}</dd><dt>办结</dt><dd data-figure="办结">${summaries[i]!.resolved}</dd>
      <dt>待办</dt><dd data-figure="待办">${summaries[i]!.open}</dd><dt>逾期</dt><dd data-figure="逾期">${summaries[i]!.overdue}</dd>
      <dt>响应率</dt><dd>${pct(summaries[i]!.responseRate)}</dd><dt>解决率</dt><dd>${pct(summaries[i]!.resolutionRate)}</dd><dt>满意率</dt><dd>${pct(summaries[i]!.satisfactionRate)}</dd>
    </dl></div>`,
  )
  const rows = pressing.map(
    (c) => html`<tr><td><a href="/cases/${c.number}">#${c.number}</a></td><td>${c.urgency === 'urgent' ? '紧急' : ''}</td><td>${categoryName(c.category)}</td>
      <td>${locationText(c, true)}</td><td>${stateWord(c.state)}</td><td class="${isOverdue(c, now) ? 'overdue' : ''}">${isOverdue(c, now) ? '逾期' : ''}</td>
      <td>${momentText(c.resolveBy, timeZone)}</td></tr>`,
  )
  return html`<div class="cards">${cards}</div>
    <h2>本周民情和近 12 周的三率</h2><figure style="margin:0;background:#fff;border:1px solid #ddd;max-width:960px"><img data-section="trend" src="/chart.svg" alt="本周民情图：按类别、按楼栋，近 12 周的响应率、解决率、满意率" width="960" height="1080" style="max-width:100%;height:auto" /></figure>
    <h2>紧急和逾期的工单</h2>
    ${pressing.length === 0 ? html`<p class="muted">现在没有紧急或逾期的工单。</p>` : html`<table><tr><th>工单</th><th>紧急</th><th>类别</th><th>位置</th><th>状态</th><th>逾期</th><th>办结期限</th></tr>${rows}</table>`}`
}
