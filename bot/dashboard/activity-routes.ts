import type { Context, Hono } from 'hono'
import { html } from 'hono/html'
import { isSecretary, isStaff } from '../../handlers/context.js'
import { maskPersonalNumbers } from '../../handlers/mask.js'
import { localDateKey } from '../../handlers/time.js'
import { activityTimeText } from '../../handlers/volunteers/activity-text.js'
import { handleOutsideCommand } from '../inbound/handle-incoming.js'
import type { DashboardDeps, DashboardEnv, RouteTools } from './deps.js'
import { refusalPage } from './pages/layout.js'

/** How far back the page shows activities that took place. */
const PAST_DAYS = 60

const csvCell = (value: string | number) => {
  const text = String(value)
  // A cell a spreadsheet would run as a formula is kept as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * 活动: the coming activities with their places, waiting lists and skills; those past with who came
 * and who did not (never posted anywhere); forms to make, change and cancel one, all going
 * through the chat's own commands; and this year's hours as CSV for volunteer platforms.
 */
export function addActivityRoutes(app: Hono<DashboardEnv>, deps: DashboardDeps, { audit, view, newNonce, backWithNotice, takeNotice }: RouteTools): void {
  const { db, community, clock } = deps
  const timeZone = community.config.timezone

  app.get('/activities', async (c) => {
    const session = c.get('session')
    const now = clock.now()
    const activities = await db.activity.findMany({
      where: { communityId: community.id, kind: { not: 'errand' }, startsAt: { gte: new Date(now.getTime() - PAST_DAYS * 86_400_000) } },
      orderBy: { startsAt: 'asc' },
    })
    const lines = activities.length ? await db.activitySignup.findMany({ where: { activityId: { in: activities.map((a) => a.id) } }, orderBy: { id: 'asc' } }) : []
    const of = (id: number, status: string) => lines.filter((l) => l.activityId === id && l.status === status)
    const form = (fields: ReturnType<typeof html>, label: string, action: string) =>
      html`<form method="post" action="${action}"><input type="hidden" name="_csrf" value="${session.csrf}" /><input type="hidden" name="nonce" value="${newNonce()}" />${fields}<button type="submit">${label}</button></form>`
    const upcoming = activities.filter((a) => a.startsAt > now && a.state !== 'cancelled').map((a) => {
      const signed = of(a.id, 'signed')
      const waiting = [...of(a.id, 'offered'), ...of(a.id, 'waiting')]
      const proposed = a.state === 'proposed' ? html` <span class="muted">（居民发起，待工作人员在微信里回复「同意 #${a.id}」）</span>` : ''
      return html`<tr data-activity="${a.id}"><td>#${a.id}</td><td>${a.title}${proposed}</td><td>${activityTimeText(a, timeZone)}</td><td>${[a.place, a.building ? `${a.building}栋` : null].filter(Boolean).join('，')}</td>
        <td>${signed.length}${a.places !== null ? `/${a.places}` : ''}：${signed.map((l) => (l.confirmedAt ? `${l.name}✓` : l.name)).join('、')}</td><td>${waiting.map((l) => l.name).join('、')}</td><td>${a.skill ?? ''}</td><td>${a.organiserName}</td>
        <td>${form(html`<input name="text" placeholder="周日上午10点 小区花园 5人" maxlength="200" />`, '修改', `/activities/${a.id}/edit`)}${form(html`<input name="reason" placeholder="取消原因" maxlength="100" />`, '取消', `/activities/${a.id}/cancel`)}</td></tr>`
    })
    const past = activities.filter((a) => (a.startsAt <= now && a.state !== 'proposed') || a.state === 'cancelled').reverse().map((a) => {
      const signed = of(a.id, 'signed')
      const came = signed.filter((l) => l.checkedInAt)
      const absent = a.state === 'cancelled' ? [] : signed.filter((l) => !l.checkedInAt)
      const hours = (came.reduce((sum, l) => sum + l.minutes, 0) / 60).toFixed(1)
      return html`<tr data-activity="${a.id}"><td>#${a.id}</td><td>${a.title}${a.state === 'cancelled' ? html` <span class="muted">（已取消${a.cancelReason ? `：${a.cancelReason}` : ''}）</span>` : ''}</td><td>${activityTimeText(a, timeZone)}</td>
        <td>${came.map((l) => l.name).join('、')}</td><td>${absent.map((l) => l.name).join('、')}</td><td>${hours}</td></tr>`
    })
    const notice = await takeNotice(deps, session)
    const year = localDateKey(now, timeZone).slice(0, 4)
    return view(c, '活动', html`${notice ? html`<div class="notice">${notice}</div>` : ''}
      <h2>发起活动</h2>${form(html`<input name="text" size="50" maxlength="200" placeholder="周六9:00 驿站门口 给老人理发 4人 会理发" /> `, '发起', '/activities')}
      <p class="muted">也可以在群里发 #接龙，或在微信里发「活动 …」；报名的人前一天晚上和当天会收到私信提醒。</p>
      <h2>接下来的活动</h2><p class="muted">名字后面有 ✓ 的，是收到提醒后回复了「收到」的。</p><table><tr><th>编号</th><th>活动</th><th>时间</th><th>地点</th><th>已报名</th><th>候补</th><th>技能</th><th>发起人</th><th></th></tr>${upcoming}</table>
      <h2>最近的活动</h2><table><tr><th>编号</th><th>活动</th><th>时间</th><th>到场</th><th>报名未到</th><th>服务时长（小时）</th></tr>${past}</table>
      <p><a href="/activities/hours.csv?year=${year}">下载 ${year} 年志愿服务时长（CSV）</a></p>`)
  })

  /** A form's command goes through the chat's own path, as the staff member would have sent it privately. */
  const command = async (c: Context<DashboardEnv>, body: Record<string, unknown>, text: string) => {
    const session = c.get('session')
    const nonce = String(body.nonce ?? '')
    if (!/^[\w-]{8,40}$/.test(nonce)) return c.html(refusalPage('无法处理', '请回到活动页面重试。'), 400)
    const mine = (r: { conversationId: string; isRoom: boolean }) => !(r.conversationId === session.sender.id && !r.isRoom)
    const replies = await handleOutsideCommand(deps.inbound, { messageId: `dashboard:${session.id}:${nonce}`, talkerId: session.sender.id, talkerName: session.sender.name, text }, { keep: mine })
    await audit(deps, session, 'dashboard-action', text)
    const notice = replies === null ? '这一步已经办过了。' : replies.filter((r) => !mine(r)).map((r) => r.text).join('\n') || '已提交。'
    return backWithNotice(c, deps, '/activities', notice)
  }
  app.post('/activities', async (c) => {
    if (!isStaff(c.get('session').sender)) return c.html(refusalPage('不能操作', '只有工作人员可以发起活动。'), 403)
    const body = await c.req.parseBody()
    return command(c, body, `活动 ${String(body.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 200)}`)
  })
  app.post('/activities/:id{[0-9]+}/edit', async (c) => {
    const body = await c.req.parseBody()
    return command(c, body, `改活动 #${c.req.param('id')} ${String(body.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 200)}`.trim())
  })
  app.post('/activities/:id{[0-9]+}/cancel', async (c) => {
    const body = await c.req.parseBody()
    return command(c, body, `取消活动 #${c.req.param('id')} ${String(body.reason ?? '').replace(/\s+/g, ' ').trim().slice(0, 100)}`.trim())
  })

  // This year's service for volunteer platforms: name, phone (full for secretaries, masked for other staff), activity, date, hours.
  app.get('/activities/hours.csv', async (c) => {
    const session = c.get('session')
    const year = /^\d{4}$/.test(c.req.query('year') ?? '') ? c.req.query('year')! : localDateKey(clock.now(), timeZone).slice(0, 4)
    const full = isSecretary(session.sender)
    const phones = new Map(community.config.members.flatMap((m) => (m.phone ? [[m.id, m.phone] as const] : [])))
    const activities = await db.activity.findMany({ where: { communityId: community.id, state: 'open', startsAt: { lte: clock.now() } }, orderBy: { startsAt: 'asc' } })
    const held = activities.filter((a) => localDateKey(a.startsAt, timeZone).startsWith(year))
    const lines = held.length ? await db.activitySignup.findMany({ where: { activityId: { in: held.map((a) => a.id) }, status: 'signed', checkedInAt: { not: null } }, orderBy: { id: 'asc' } }) : []
    const phoneOf = (id: string) => {
      const phone = phones.get(id) ?? ''
      return full ? phone : maskPersonalNumbers(phone, community.config.publicNumbers)
    }
    const rows = [
      ...lines.map((l) => {
        const a = held.find((x) => x.id === l.activityId)!
        return [l.name, phoneOf(l.contactId), a.title, localDateKey(a.startsAt, timeZone), (l.minutes / 60).toFixed(2)]
      }),
    ].sort((a, b) => String(a[3]).localeCompare(String(b[3])))
    const csv = ['姓名,手机,活动,日期,时长（小时）', ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n')
    await audit(deps, session, full ? 'dashboard-export-full' : 'dashboard-export', `导出 ${year} 年志愿服务时长 ${rows.length} 条${full ? '（完整手机号）' : '（手机号打码）'}`)
    c.header('content-disposition', `attachment; filename="volunteer-hours-${year}.csv"`)
    return c.body(`\ufeff${csv}\r\n`, 200, { 'content-type': 'text/csv; charset=utf-8' })
  })
}
