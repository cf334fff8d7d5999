import { html } from 'hono/html'
import { buildingText, categoryName } from '../../../handlers/cases/case-texts.js'
import { OPEN_STATES } from '../../../handlers/cases/states.js'
import type { Db } from '../../../handlers/context.js'

const DAY = 86_400_000

/** How close a cell's most pressing case is to its deadline: past it, within a day, or not yet. */
function urgencyClass(cases: Array<{ respondBy: Date; resolveBy: Date; acceptedAt: Date | null }>, now: number): string {
  const due = Math.min(...cases.map((c) => (c.acceptedAt ? c.resolveBy : c.respondBy).getTime()))
  return due < now ? 'late' : due < now + DAY ? 'soon' : 'ok'
}

/**
 * 挂图: buildings down, categories across, each cell the open cases there, coloured by how close
 * the most pressing one is to its deadline; a click lists them. Laid out to print.
 */
export async function wallPage(db: Db, communityId: number, now: Date) {
  const open = await db.case.findMany({
    where: { communityId, state: { in: OPEN_STATES } },
    select: { building: true, category: true, respondBy: true, resolveBy: true, acceptedAt: true },
  })
  const buildings = [...new Set(open.map((c) => c.building ?? ''))].sort((a, b) => a.localeCompare(b, 'zh', { numeric: true }))
  const categories = [...new Set(open.map((c) => c.category))].sort()
  const cell = (building: string, category: string) => {
    const here = open.filter((c) => (c.building ?? '') === building && c.category === category)
    if (here.length === 0) return html`<td></td>`
    const query = new URLSearchParams({ state: 'open', category, ...(building ? { building } : {}) })
    return html`<td class="${urgencyClass(here, now.getTime())}"><a href="/cases?${query.toString()}">${here.length}</a></td>`
  }
  const rows = buildings.map((b) => html`<tr><th>${b ? buildingText(b) : '公共区域'}</th>${categories.map((c) => cell(b, c))}</tr>`)
  return html`<style>td.late{background:#f4c7c3}td.soon{background:#fde9b3}td.ok{background:#d7ecd9}td{text-align:center}</style>
    <p class="muted">未办结的工单：红色已过期限，黄色一天内到期，绿色还有时间。点数字看是哪几件。</p>
    ${open.length === 0 ? html`<p>现在没有未办结的工单。</p>` : html`<table><tr><th>楼栋</th>${categories.map((c) => html`<th>${categoryName(c)}</th>`)}</tr>${rows}</table>`}`
}
