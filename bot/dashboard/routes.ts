import { Hono, type Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { exportWhere } from '../../handlers/cases/export-cases.js'
import { findCase } from '../../handlers/cases/case-store.js'
import { isSecretary, type Reply } from '../../handlers/context.js'
import { localDateKey } from '../../handlers/time.js'
import { handleOutsideCommand } from '../inbound/handle-incoming.js'
import { mayActOn, mayRead, outOfScopeText, readScope } from '../../handlers/cases/access.js'
import { casePage, ACTIONS } from './pages/case-page.js'
import { casesPage, whereOf, type CaseFilters } from './pages/cases.js'
import { triagePage } from './pages/triage.js'
import { volunteersPage } from './pages/volunteers.js'
import { wallPage } from './pages/wall.js'
import { page, refusalPage } from './pages/layout.js'
import { residentMessagePage } from './pages/report.js'
import { overviewPage } from './pages/overview.js'
import { audit, backWithNotice, newNonce, takeNotice, type DashboardDeps, type DashboardEnv } from './deps.js'
import { RateLimit } from './rate-limit.js'
import { Trend } from './trend.js'
import { addServiceRoutes } from './service-routes.js'
import { addPeopleRoutes } from './people-routes.js'
import { addReportRoutes } from './report-routes.js'
import { addQrRoutes } from './qr-routes.js'
import { addActivityRoutes } from './activity-routes.js'
import { attachStaffPhoto } from './staff-photo.js'
import { COOKIE, openSession, sessionOf } from './sessions.js'

type Env = DashboardEnv

/** The largest body of a form, and of a case action's form with its photo (2 MB and the fields around it). */
const FORM_BYTES = 16 * 1024
const PHOTO_FORM_BYTES = 3 * 1024 * 1024

/** The 待确认 page's actions, besides the case page's. */
const TRIAGE_ACTIONS = [{ word: '确认' }, { word: '不是' }, { word: '改' }] as const

/** The dashboard's pages and actions, every one behind a staff session, every form behind its CSRF token. */
export function dashboardRoutes(deps: DashboardDeps): Hono<Env> {
  const { db, community, clock, log } = deps
  const app = new Hono<Env>()
  const links = new RateLimit(10)
  const timeZone = community.config.timezone
  const sessionDeps = { db, communityId: community.id, members: deps.members }

  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], frameAncestors: ["'none'"] }, referrerPolicy: 'no-referrer' }))
  // Before anything reads a body: a form is a few KB, a case action may carry one photo (2 MB, sent as
  // multipart). Larger bodies are refused from their length, or as soon as the stream passes the limit.
  // The rest of such a body is never read, so the connection cannot carry another request: it is closed.
  const tooLarge = (c: Context) =>
    c.html(
      /^\/(r|c)\//.test(c.req.path)
        ? residentMessagePage(community.config.community, '提交的内容太大', '提交的内容太大了：照片请小于 2 MB，文字请简短些。请返回上一页重新提交。')
        : refusalPage('提交的内容太大', '提交的内容太大了：照片请小于 2 MB，文字请简短些。'),
      413,
      { connection: 'close' },
    )
  const formLimit = bodyLimit({ maxSize: FORM_BYTES, onError: tooLarge })
  const photoLimit = bodyLimit({ maxSize: PHOTO_FORM_BYTES, onError: tooLarge })
  const withPhoto = /^\/(cases\/\d+\/action|r\/[\w-]+|c\/[\w-]+\/note)$/
  app.use('*', (c, next) => (withPhoto.test(c.req.path) ? photoLimit(c, next) : formLimit(c, next)))
  app.onError((error, c) => {
    log.error({ err: error, path: c.req.path }, 'dashboard request failed')
    return c.html(refusalPage('出错了', '看板这一步出错了，已记在日志里。请稍后再试。'), 500)
  })
  app.notFound((c) => c.html(refusalPage('没有这一页', '没有这一页。'), 404))

  // The peer's address; behind a reverse proxy (DASHBOARD_URL set) the one it appended last, as the client could write any other.
  const peer = (c: Context) => (c.env as { incoming?: { socket?: { remoteAddress?: string } } })?.incoming?.socket?.remoteAddress || 'local'
  const address = (c: Context) => (deps.behindProxy && c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()) || peer(c)
  const expired = '这个链接已经失效（10 分钟内有效，只能打开一次）。请在微信里私聊红管家，重新发「看板」。'

  // 扫码报事 and each reporter's own page: for residents, without the staff's login.
  addReportRoutes(app, deps, address)

  // The link only shows a button: link previews and prefetches must not use it up.
  app.get('/login/:secret', (c) =>
    c.html(page('登录看板', html`<form method="post" action="/login"><input type="hidden" name="secret" value="${c.req.param('secret')}" /><button type="submit">进入看板</button></form>`)),
  )
  app.post('/login', async (c) => {
    if (!links.allow(address(c), Date.now())) return c.html(refusalPage('请稍后再试', '尝试太频繁了，请过一分钟再试。'), 429)
    const secret = String((await c.req.parseBody()).secret ?? '')
    const opened = await openSession(sessionDeps, secret, clock.now())
    if (!opened) {
      await audit(deps, null, 'dashboard-login-refused', '无效或过期的看板链接')
      return c.html(refusalPage('链接已失效', expired), 403)
    }
    await audit(deps, opened.session, 'dashboard-login', '打开看板')
    setCookie(c, COOKIE, opened.cookie, { httpOnly: true, sameSite: 'Strict', secure: deps.secureCookies, path: '/', maxAge: 8 * 3600 })
    return c.redirect('/', 303)
  })

  // Everything else needs an open session; a POST also its CSRF token.
  app.use('*', async (c, next) => {
    const session = await sessionOf(sessionDeps, getCookie(c, COOKIE), clock.now())
    if (!session) return c.html(refusalPage('请先登录', '请在微信里私聊红管家发「看板」，用收到的链接登录。'), 401)
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody()
      if (body._csrf !== session.csrf) {
        await audit(deps, session, 'dashboard-refused', `缺少或错误的表单令牌：${c.req.path}`)
        return c.html(refusalPage('请重新打开页面', '这个表单已经过期，请刷新页面后再提交。'), 403)
      }
    }
    c.set('session', session)
    await next()
  })

  const view = (c: Context<Env>, title: string, body: Parameters<typeof page>[1]) => c.html(page(title, body, { csrf: c.get('session').csrf, name: c.get('session').sender.name }))
  const trend = new Trend(db, community.id, community.config.community, timeZone)
  app.get('/', async (c) => view(c, '总览', await overviewPage(db, community.id, timeZone, clock.now())))
  // The chart is an image of its own: the page answers at once, the chart follows (drawn at most every 10 minutes).
  app.get('/chart.svg', async (c) => c.body(await trend.svg(clock.now()), 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, max-age=600' }))
  app.get('/cases', async (c) => view(c, '工单', await casesPage(db, community.id, timeZone, c.req.query() as CaseFilters, clock.now(), isSecretary(c.get('session').sender), readScope(c.get('session').sender, community.config))))
  app.get('/wall', async (c) => view(c, '挂图', await wallPage(db, community.id, clock.now())))
  app.get('/triage', async (c) => view(c, '待确认', await triagePage(db, community, c.get('session'), newNonce, await takeNotice(deps, c.get('session')), readScope(c.get('session').sender, community.config))))
  app.get('/volunteers', async (c) => {
    const sender = c.get('session').sender
    const ctx = { msg: { messageId: 'dashboard', text: '', sender, group: null }, db, clock, community, classifier: deps.inbound.classifier, ports: deps.inbound.ports }
    return view(c, '志愿者', await volunteersPage(ctx))
  })
  // The filtered table as CSV, masked as the CLI's export is; everything only for secretaries and admins, and audited either way.
  app.get('/cases.csv', async (c) => {
    const session = c.get('session')
    const full = c.req.query('full') === '1'
    if (full && !isSecretary(session.sender)) return c.html(refusalPage('不能导出完整信息', '完整信息只有书记或站长可以导出；打码的导出人人可用。'), 403)
    const where = whereOf(community.id, c.req.query() as CaseFilters, clock.now(), timeZone, readScope(session.sender, community.config))
    const { csv, count } = await exportWhere(db, where, { full, timeZone, publicNumbers: community.config.publicNumbers, now: clock.now() })
    await audit(deps, session, full ? 'dashboard-export-full' : 'dashboard-export', `导出 ${count} 件工单${full ? '（完整信息）' : '（打码）'}：${new URL(c.req.url).search}`)
    c.header('content-disposition', `attachment; filename="cases-${localDateKey(clock.now(), timeZone)}.csv"`)
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8' })
  })
  app.get('/cases/:number{[0-9]+}', async (c) => {
    const session = c.get('session')
    const number = Number(c.req.param('number'))
    const caseRow = await findCase(db, community.id, number)
    if (!caseRow) return c.html(refusalPage('没有这件工单', `没有 #${number} 号工单。`), 404)
    if (!mayRead(session.sender, caseRow, community.config)) {
      await audit(deps, session, 'dashboard-refused', `#${number}：打开不在自己范围内的工单`)
      return c.html(refusalPage('不能查看这件工单', outOfScopeText(number, caseRow.party)), 403)
    }
    return view(c, `工单 #${number}`, await casePage(db, community, clock, session, caseRow, await takeNotice(deps, session), newNonce))
  })

  app.post('/cases/:number{[0-9]+}/action', async (c) => {
    const session = c.get('session')
    const number = Number(c.req.param('number'))
    const body = await c.req.parseBody()
    const action = [...ACTIONS, ...TRIAGE_ACTIONS].find((a) => a.word === body.word)
    const nonce = String(body.nonce ?? '')
    const caseRow = await findCase(db, community.id, number)
    if (!action || !caseRow || !/^[\w-]{8,40}$/.test(nonce)) return c.html(refusalPage('无法处理', '这个操作不认识，请回到工单页面重试。'), 400)
    if (!mayActOn(session.sender, caseRow, community.config)) {
      await audit(deps, session, 'dashboard-refused', `#${number} ${action.word}：不是本人负责的工单`)
      return c.html(refusalPage('不能处理这件工单', `#${number} 归${caseRow.party}处理，不在您负责的范围内。需要时请联系书记或站长转派。`), 403)
    }
    const text = `${action.word} #${number} ${String(body.note ?? '').replace(/\s+/g, ' ').trim().slice(0, 300)}`.trim()
    const mine = (r: Reply) => !(r.conversationId === session.sender.id && !r.isRoom)
    const replies = await handleOutsideCommand(deps.inbound, { messageId: `dashboard:${session.id}:${nonce}`, talkerId: session.sender.id, talkerName: session.sender.name, text }, { keep: mine })
    await audit(deps, session, 'dashboard-action', text)
    const photoNote = replies && action.word === '办结' ? await attachStaffPhoto(deps, session, caseRow, body.photo, nonce) : ''
    const notice = replies === null ? '这一步已经办过了。' : [replies.filter((r) => !mine(r)).map((r) => r.text).join('\n') || '已提交。', photoNote].filter(Boolean).join('\n')
    const back = body.back === '/triage' ? '/triage' : `/cases/${number}`
    return backWithNotice(c, deps, back, notice)
  })

  // A case's picture, for staff only: never posted to a group, shown on its case page.
  // By its random key, never a number one could count through; and only for staff who may read its case.
  app.get('/photos/:key', async (c) => {
    const photo = await db.casePhoto.findUnique({ where: { key: c.req.param('key').slice(0, 64) } })
    const caseRow = photo?.communityId === community.id ? await db.case.findUnique({ where: { id: photo.caseId } }) : null
    if (!photo || !caseRow || !mayRead(c.get('session').sender, caseRow, community.config)) return c.html(refusalPage('没有这张照片', '没有这张照片。'), 404)
    return c.body(new Uint8Array(photo.data), 200, { 'content-type': photo.mimeType, 'cache-control': 'private, max-age=3600' })
  })

  addServiceRoutes(app, deps, { audit, view, newNonce, backWithNotice, takeNotice })
  addPeopleRoutes(app, deps, { audit, view, newNonce, backWithNotice, takeNotice })
  addQrRoutes(app, deps, { audit, view, newNonce, backWithNotice, takeNotice })
  addActivityRoutes(app, deps, { audit, view, newNonce, backWithNotice, takeNotice })

  app.post('/logout', async (c) => {
    const session = c.get('session')
    await db.dashboardSession.update({ where: { id: session.id }, data: { revokedAt: clock.now() } })
    await audit(deps, session, 'dashboard-logout', '退出看板')
    return c.html(refusalPage('已退出', '已退出看板。需要时再私聊红管家发「看板」。'))
  })
  return app
}

export type { DashboardDeps, DashboardEnv }
