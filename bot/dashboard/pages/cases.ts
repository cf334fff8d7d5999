import { html } from 'hono/html'
import { categoryName, locationText } from '../../../handlers/cases/case-texts.js'
import { isOverdue, overdueWhere } from '../../../handlers/cases/deadlines.js'
import { CATEGORIES } from '../../../handlers/parse/lexicon.js'
import { OPEN_STATES, stateWord, TRIAGE_STATES } from '../../../handlers/cases/states.js'
import type { Db } from '../../../handlers/context.js'
import { momentText } from '../../../handlers/time.js'
import type { Prisma } from '../../generated/prisma/client.js'

const PAGE_SIZE = 50
const STATES = ['reported', 'accepted', 'in_progress', 'discussing', 'resolved', 'rated', 'closed', 'suspected'] as const

export interface CaseFilters {
  state?: string
  category?: string
  building?: string
  overdue?: string
  q?: string
  page?: string
}

/** The filters as a Prisma condition; unknown values are ignored rather than refused. */
export function whereOf(communityId: number, f: CaseFilters, now: Date): Prisma.CaseWhereInput {
  const where: Prisma.CaseWhereInput = { communityId }
  if (f.state === 'open') where.state = { in: OPEN_STATES }
  else if (f.state && (STATES as readonly string[]).includes(f.state)) where.state = f.state
  else where.state = { notIn: TRIAGE_STATES.filter((s) => s !== f.state) }
  if (f.category && (CATEGORIES as readonly string[]).includes(f.category)) where.category = f.category
  if (f.building) where.building = f.building.slice(0, 8)
  if (f.q) where.text = { contains: f.q.slice(0, 40) }
  return f.overdue === '1' ? { AND: [where, overdueWhere(now)] } : where
}

/** 工单: the cases, filtered, newest first, PAGE_SIZE a page. */
export async function casesPage(db: Db, communityId: number, timeZone: string, filters: CaseFilters, now: Date, full: boolean) {
  const where = whereOf(communityId, filters, now)
  const page = Math.max(1, Math.min(10_000, Number(filters.page) || 1))
  const [total, cases] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({ where, orderBy: { number: 'desc' }, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
  ])
  const option = (value: string, label: string, chosen?: string) => html`<option value="${value}" ${value === chosen ? 'selected' : ''}>${label}</option>`
  const query = (p: number) => new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(p) }).toString()
  const rows = cases.map(
    (c) => html`<tr><td><a href="/cases/${c.number}">#${c.number}</a></td><td>${momentText(c.createdAt, timeZone)}</td><td>${categoryName(c.category)}</td>
      <td>${locationText(c, true)}</td><td>${c.urgency === 'urgent' ? '紧急' : c.urgency === 'low' ? '不急' : '一般'}</td><td>${stateWord(c.state)}</td>
      <td>${c.party}</td><td>${c.assigneeName ?? ''}</td><td class="overdue">${isOverdue(c, now) ? '逾期' : ''}</td></tr>`,
  )
  return html`<form class="filters" method="get" action="/cases">
      <select name="state"><option value="">全部状态</option>${option('open', '未办结', filters.state)}${STATES.map((s) => option(s, stateWord(s), filters.state))}</select>
      <select name="category"><option value="">全部类别</option>${CATEGORIES.map((c) => option(c, categoryName(c), filters.category))}</select>
      <input name="building" placeholder="楼栋" value="${filters.building ?? ''}" size="4" />
      <label><input type="checkbox" name="overdue" value="1" ${filters.overdue === '1' ? 'checked' : ''} />只看逾期</label>
      <input name="q" placeholder="居民原话里的字" value="${filters.q ?? ''}" />
      <button type="submit">筛选</button>
    </form>
    <p class="muted">共 ${total} 件，第 ${page} 页 · <a href="/cases.csv?${query(page)}">导出这些工单（CSV，已打码）</a>${full ? html` · <a href="/cases.csv?${query(page)}&amp;full=1">导出完整信息（会记入审计日志）</a>` : ''}</p>
    <table><tr><th>工单</th><th>登记时间</th><th>类别</th><th>位置</th><th>紧急程度</th><th>状态</th><th>责任方</th><th>负责人</th><th>逾期</th></tr>${rows}</table>
    <p>${page > 1 ? html`<a href="/cases?${query(page - 1)}">上一页</a>` : ''} ${page * PAGE_SIZE < total ? html`<a href="/cases?${query(page + 1)}">下一页</a>` : ''}</p>`
}
