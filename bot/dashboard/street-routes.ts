import { Hono, type Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import type { StreetPart } from '../../handlers/community/config-schema.js'
import type { Db } from '../../handlers/context.js'
import { buildingText, categoryName } from '../../handlers/cases/case-texts.js'
import { isOpen, stateWord } from '../../handlers/cases/states.js'
import { newSecret, secretHash, SESSION_HOURS } from '../../handlers/dashboard/dashboard-commands.js'
import { byRates, categoriesByCommunity, communityFigures, PERIODS, periodRange, streetQueue, type CommunityFigures, type Period } from '../../handlers/street/street-figures.js'
import { momentText } from '../../handlers/time.js'
import type { App } from '../app.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import { page, refusalPage } from './pages/layout.js'
import { COOKIE } from './sessions.js'

export interface StreetDeps {
  db: Db
  street: StreetPart
  apps: ReadonlyArray<Pick<App, 'community'>>
  clock: Clock
  log: Logger
  secureCookies: boolean
}

interface StreetSession {
  id: number
  csrf: string
  contactId: string
  name: string
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`)

const COLUMNS = {
  name: '社区', created: '新增', resolved: '办结', open: '未办结', overdue: '逾期', atStreet: '在街道',
  responseRate: '响应率', resolutionRate: '解决率', satisfactionRate: '满意率',
} as const
type Column = keyof typeof COLUMNS

function sorted(rows: CommunityFigures[], column: Column | 'rank'): CommunityFigures[] {
  if (column === 'rank') return [...rows].sort(byRates)
  if (column === 'name') return [...rows].sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  // Larger first; a rate nobody was due for yet last.
  return [...rows].sort((a, b) => ((b[column] as number | null) ?? -1) - ((a[column] as number | null) ?? -1))
}

/**
 * The street's pages: its communities side by side, its 挂图 and its queue, for the street's
 * people only (the street file names them). A street member signed in to any of its communities'
 * dashboards is signed in here, and enters any community with that community's secretary's rights.
 */
export function streetRoutes(deps: StreetDeps): Hono {
  const { db, street, clock } = deps
  const app = new Hono<{ Variables: { session: StreetSession } }>()
  const communities = () => deps.apps.map((a) => ({ id: a.community.id, name: a.community.config.community }))
  const timeZone = deps.apps[0]?.community.config.timezone ?? 'Asia/Shanghai'

  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'self'"], frameAncestors: ["'none'"] }, referrerPolicy: 'no-referrer' }))
  app.use('*', bodyLimit({ maxSize: 4096, onError: (c) => c.html(refusalPage('提交的内容太大', '提交的内容太大了。'), 413) }))
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'street page failed')
    return c.html(refusalPage('出错了', '看板这一步出错了，已记在日志里。请稍后再试。'), 500)
  })
  app.use('*', async (c, next) => {
    const cookie = getCookie(c, COOKIE)
    const row = cookie ? await db.dashboardSession.findUnique({ where: { tokenHash: secretHash(cookie) } }) : null
    const member = row && !row.revokedAt && row.expiresAt > clock.now() ? street.members.find((m) => m.id === row.contactId) : undefined
    if (!row || !member || !communities().some((x) => x.id === row.communityId)) {
      return c.html(refusalPage('只有街道工作人员可以看', '街道看板只给街道的工作人员。请在微信里私聊任一社区的红管家发「看板」，用收到的链接登录后再打开这一页。'), 403)
    }
    if (c.req.method === 'POST' && (await c.req.parseBody())._csrf !== row.csrf) return c.html(refusalPage('请重新打开页面', '这个表单已经过期，请刷新页面后再提交。'), 403)
    c.set('session', { id: row.id, csrf: row.csrf, contactId: row.contactId, name: member.name })
    await next()
  })

  const view = (c: Context<{ Variables: { session: StreetSession } }>, title: string, body: ReturnType<typeof html>) =>
    c.html(page(title, html`<p><a href="/street">各社区</a> · <a href="/street/wall">街道挂图</a> · <a href="/street/queue">提请街道</a></p>${body}`, { csrf: c.get('session').csrf, name: c.get('session').name }))

  app.get('/street', async (c) => {
    const period = (c.req.query('period') ?? 'week') as Period
    if (!(period in PERIODS)) return c.html(refusalPage('没有这一页', '没有这个统计期。'), 404)
    const column = (c.req.query('sort') ?? 'rank') as Column | 'rank'
    if (column !== 'rank' && !(column in COLUMNS)) return c.html(refusalPage('没有这一页', '不能按这一列排序。'), 404)
    const now = clock.now()
    const { from, to } = periodRange(period, now, timeZone)
    const rows = sorted(await communityFigures(db, communities(), from, to, now), column)
    const ranked = [...rows].sort(byRates)
    const csrf = c.get('session').csrf
    const head = (key: Column) => html`<th><a href="/street?period=${period}&sort=${key}">${COLUMNS[key]}</a></th>`
    const periodLinks = (Object.keys(PERIODS) as Period[]).map((p) => (p === period ? html`<strong>${PERIODS[p]}</strong> ` : html`<a href="/street?period=${p}&sort=${column}">${PERIODS[p]}</a> `))
    return view(c, `${street.name} · 各社区`, html`
      <p>${periodLinks}<span class="muted">点列名排序；<a href="/street?period=${period}">按三率排名</a>（三率的平均，还没有到期的率不计）。</span></p>
      <table><tr><th>排名</th>${(Object.keys(COLUMNS) as Column[]).map(head)}<th></th></tr>
      ${rows.map((r) => html`<tr><td>${ranked.indexOf(r) + 1}</td><td>${r.name}</td><td>${r.created}</td><td>${r.resolved}</td><td>${r.open}</td><td class="${r.overdue ? 'overdue' : ''}">${r.overdue}</td><td>${r.atStreet}</td>
        <td>${percent(r.responseRate)}</td><td>${percent(r.resolutionRate)}</td><td>${percent(r.satisfactionRate)}</td>
        <td><form method="post" action="/street/enter/${r.communityId}"><input type="hidden" name="_csrf" value="${csrf}" /><button type="submit">进入</button></form></td></tr>`)}
      </table>`)
  })

  app.get('/street/wall', async (c) => {
    const now = clock.now()
    const list = communities()
    const cells = await categoriesByCommunity(db, list.map((x) => x.id), periodRange('month', now, timeZone).from, now)
    const categories = [...new Set(cells.map((x) => x.category))].sort()
    const count = (id: number, category: string) => cells.find((x) => x.communityId === id && x.category === category)?.count ?? 0
    return view(c, `${street.name} · 街道挂图`, html`<p class="muted">本月各社区各类工单（不含待确认的疑似反映）。</p>
      ${categories.length === 0 ? html`<p>本月还没有工单。</p>` : html`<table><tr><th>社区</th>${categories.map((k) => html`<th>${categoryName(k)}</th>`)}<th>合计</th></tr>
      ${list.map((x) => html`<tr><th>${x.name}</th>${categories.map((k) => html`<td>${count(x.id, k) || ''}</td>`)}<td>${categories.reduce((sum, k) => sum + count(x.id, k), 0)}</td></tr>`)}
      <tr><th>合计</th>${categories.map((k) => html`<td>${cells.filter((x) => x.category === k).reduce((sum, x) => sum + x.count, 0)}</td>`)}<td>${cells.reduce((sum, x) => sum + x.count, 0)}</td></tr></table>`}`)
  })

  app.get('/street/queue', async (c) => {
    const list = communities()
    const queue = await streetQueue(db, list.map((x) => x.id))
    const nameOf = (id: number) => list.find((x) => x.id === id)?.name ?? ''
    const now = clock.now()
    return view(c, `${street.name} · 提请街道`, html`<p class="muted">超过办结时限一倍或社区书记「上报街道」的工单。街道工作人员在微信里私聊该社区的红管家「受理 #N」「交办 #N 部门」「进展 #N …」「办结 #N …」，或进入社区在工单页操作。</p>
      ${queue.length === 0 ? html`<p>街道待办是空的。</p>` : html`<table><tr><th>社区</th><th>工单</th><th>类别</th><th>位置</th><th>状态</th><th>部门</th><th>来源</th><th>提请时间</th><th>期限</th></tr>
      ${queue.map((q) => html`<tr><td>${nameOf(q.communityId)}</td><td>#${q.number}</td><td>${categoryName(q.category)}</td><td>${q.building ? buildingText(q.building) : '公共区域'}</td><td>${stateWord(q.state)}</td>
        <td>${q.streetDepartment ?? ''}</td><td>${q.streetReason === 'secretary' ? '书记上报' : '超期'}</td><td>${q.streetAt ? momentText(q.streetAt, timeZone) : ''}</td>
        <td class="${q.resolveBy < now && isOpen(q.state) ? 'overdue' : ''}">${momentText(q.resolveBy, timeZone)}</td></tr>`)}</table>`}`)
  })

  // Into a community's own pages: a session there, for the same street member (a member of every community of the street).
  app.post('/street/enter/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'))
    if (!communities().some((x) => x.id === id)) return c.html(refusalPage('没有这个社区', '街道里没有这个社区。'), 404)
    const session = c.get('session')
    const now = clock.now()
    const cookie = newSecret()
    await db.dashboardSession.create({ data: { communityId: id, tokenHash: secretHash(cookie), contactId: session.contactId, csrf: newSecret(), createdAt: now, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000) } })
    await db.dashboardSession.update({ where: { id: session.id }, data: { revokedAt: now } })
    await db.auditLog.create({ data: { communityId: id, actor: `${session.name}(${session.contactId})`, action: 'dashboard-street-enter', detail: '街道进入社区看板', at: now } })
    setCookie(c, COOKIE, cookie, { httpOnly: true, sameSite: 'Strict', secure: deps.secureCookies, path: '/', maxAge: 8 * 3600 })
    return c.redirect('/', 303)
  })
  return app as unknown as Hono
}
