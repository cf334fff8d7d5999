import { html } from 'hono/html'
import { categoryName, locationText } from '../../../handlers/cases/case-texts.js'
import { isOverdue, overdueWhere } from '../../../handlers/cases/deadlines.js'
import { CATEGORIES } from '../../../handlers/parse/lexicon.js'
import { OPEN_STATES, stateWord, TRIAGE_STATES } from '../../../handlers/cases/states.js'
import type { Db } from '../../../handlers/context.js'
import { PARTIES } from '../../../handlers/community/vocabulary.js'
import { addLocalDays, momentText, startOfLocalDay } from '../../../handlers/time.js'
import type { Prisma } from '../../generated/prisma/client.js'

const PAGE_SIZE = 50
const STATES = ['reported', 'accepted', 'in_progress', 'discussing', 'resolved', 'rated', 'closed', 'suspected'] as const

export interface CaseFilters {
  state?: string
  category?: string
  building?: string
  urgency?: string
  party?: string
  /** Part of the handler's name. */
  handler?: string
  overdue?: string
  /** Registered from this day (YYYY-MM-DD) … */
  from?: string
  /** … up to and with this day. */
  to?: string
  q?: string
  /** new (the default), old, or due (the nearest resolution deadline first). */
  sort?: string
  page?: string
}

const URGENCIES: Record<string, string> = { urgent: '紧急', normal: '一般', low: '不急' }
const SORTS: Record<string, { label: string; orderBy: Prisma.CaseOrderByWithRelationInput }> = {
  new: { label: '新登记的在前', orderBy: { number: 'desc' } },
  old: { label: '早登记的在前', orderBy: { number: 'asc' } },
  due: { label: '办结期限近的在前', orderBy: { resolveBy: 'asc' } },
}

/** The start of a day given as YYYY-MM-DD, in the community's time zone; null when it is no date. */
function dayStart(value: string | undefined, timeZone: string): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const noon = new Date(`${value}T12:00:00Z`)
  return Number.isNaN(noon.getTime()) ? null : startOfLocalDay(noon, timeZone)
}

/** The filters as a Prisma condition, within what the reader may read (`scope`); unknown values are ignored rather than refused. */
export function whereOf(communityId: number, f: CaseFilters, now: Date, timeZone: string, scope: Prisma.CaseWhereInput | null = null): Prisma.CaseWhereInput {
  const where: Prisma.CaseWhereInput = { communityId }
  if (f.state === 'open') where.state = { in: OPEN_STATES }
  else if (f.state && (STATES as readonly string[]).includes(f.state)) where.state = f.state
  else where.state = { notIn: TRIAGE_STATES.filter((s) => s !== f.state) }
  if (f.category && (CATEGORIES as readonly string[]).includes(f.category)) where.category = f.category
  if (f.building) where.building = f.building.slice(0, 8)
  if (f.q) where.text = { contains: f.q.slice(0, 40) }
  if (f.urgency && f.urgency in URGENCIES) where.urgency = f.urgency
  if (f.party && (PARTIES as readonly string[]).includes(f.party)) where.party = f.party
  if (f.handler) where.assigneeName = { contains: f.handler.slice(0, 20) }
  const from = dayStart(f.from, timeZone)
  const to = dayStart(f.to, timeZone)
  if (from || to) where.createdAt = { ...(from ? { gte: from } : {}), ...(to ? { lt: addLocalDays(to, 1, timeZone) } : {}) }
  const all = [where, ...(f.overdue === '1' ? [overdueWhere(now)] : []), ...(scope ? [scope] : [])]
  return all.length === 1 ? where : { AND: all }
}

/** 工单: the cases, filtered, newest first, PAGE_SIZE a page. */
export async function casesPage(db: Db, communityId: number, timeZone: string, filters: CaseFilters, now: Date, full: boolean, scope: Prisma.CaseWhereInput | null) {
  const where = whereOf(communityId, filters, now, timeZone, scope)
  const sort = SORTS[filters.sort ?? ''] ?? SORTS.new!
  const page = Math.max(1, Math.min(10_000, Number(filters.page) || 1))
  const [total, cases] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({ where, orderBy: [sort.orderBy, { number: 'desc' }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
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
      <input name="building" placeholder="楼栋" value="${filters.building ?? ''}" size="4" aria-label="楼栋" />
      <select name="urgency" aria-label="紧急程度"><option value="">全部紧急程度</option>${Object.entries(URGENCIES).map(([v, l]) => option(v, l, filters.urgency))}</select>
      <select name="party" aria-label="责任方"><option value="">全部责任方</option>${PARTIES.map((p) => option(p, p, filters.party))}</select>
      <input name="handler" placeholder="负责人" value="${filters.handler ?? ''}" size="6" aria-label="负责人" />
      <label>从 <input type="date" name="from" value="${filters.from ?? ''}" aria-label="登记日期从" /></label>
      <label>到 <input type="date" name="to" value="${filters.to ?? ''}" aria-label="登记日期到" /></label>
      <label><input type="checkbox" name="overdue" value="1" ${filters.overdue === '1' ? 'checked' : ''} />只看逾期</label>
      <input name="q" placeholder="居民原话里的字" value="${filters.q ?? ''}" aria-label="居民原话里的字" />
      <select name="sort" aria-label="排序">${Object.entries(SORTS).map(([v, s]) => option(v, s.label, filters.sort ?? 'new'))}</select>
      <button type="submit">筛选</button>
    </form>
    <p class="muted">共 ${total} 件，第 ${page} 页 · <a href="/cases.csv?${query(page)}">导出这些工单（CSV，已打码）</a>${full ? html` · <a href="/cases.csv?${query(page)}&amp;full=1">导出完整信息（会记入审计日志）</a>` : ''}</p>
    <table><tr><th>工单</th><th>登记时间</th><th>类别</th><th>位置</th><th>紧急程度</th><th>状态</th><th>责任方</th><th>负责人</th><th>逾期</th></tr>${rows}</table>
    <p>${page > 1 ? html`<a href="/cases?${query(page - 1)}">上一页</a>` : ''} ${page * PAGE_SIZE < total ? html`<a href="/cases?${query(page + 1)}">下一页</a>` : ''}</p>`
}
