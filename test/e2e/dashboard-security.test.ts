import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Harness } from '../support/harness.js'
import { dashboardClient, startWithTwoCases } from '../support/dashboard-client.js'

// Each way in that must stay shut, over plain HTTP against the real bot: refused, and nothing changes.
describe('the dashboard refuses', () => {
  let h: Harness
  let base: string

  const client = () => dashboardClient(h)
  const login = (secret: string) => client().login(secret)
  const linkFor = (name: string) => client().linkFor(name)
  const get = (path: string, cookie?: string) => client().get(path, cookie)
  /** The CSRF token and a nonce from a case page's 办结 form. */
  const formOf = async (number: number, cookie: string) => {
    const page = await (await get(`/cases/${number}`, cookie)).text()
    const form = page.slice(page.indexOf('name="word" value="办结"') - 400)
    return { _csrf: /name="_csrf" value="([^"]+)"/.exec(form)![1]!, nonce: /name="nonce" value="([^"]+)"/.exec(form)![1]! }
  }
  const act = (number: number, cookie: string, fields: Record<string, string>) =>
    fetch(`${base}/cases/${number}/action`, { method: 'POST', headers: { cookie: `hg_dashboard=${cookie}` }, body: new URLSearchParams(fields), redirect: 'manual' })

  beforeAll(async () => {
    h = await startWithTwoCases()
    base = h.app.dashboard!.url
  })
  afterAll(async () => {
    await h.stop()
  })

  it('a link used once already, and one older than 10 minutes', async () => {
    const secret = await linkFor('彭书记')
    expect((await login(secret)).status).toBe(303)
    expect(await login(secret)).toEqual({ status: 403, cookie: undefined })
    const late = await linkFor('彭书记')
    h.clock.advance(11 * 60_000)
    expect(await login(late)).toEqual({ status: 403, cookie: undefined })
    expect(await login('made-up-secret')).toEqual({ status: 403, cookie: undefined })
  })

  it('a forged or missing cookie, on every page', async () => {
    for (const path of ['/', '/cases', '/cases/1']) {
      expect((await get(path)).status).toBe(401)
      expect((await get(path, 'forged-cookie-value')).status).toBe(401)
    }
  })

  it('a form sent without its CSRF token, or with another session\'s', async () => {
    const { cookie } = await login(await linkFor('彭书记'))
    const { cookie: other } = await login(await linkFor('物业小王'))
    const { nonce } = await formOf(1, cookie!)
    const { _csrf: othersToken } = await formOf(1, other!)
    expect((await act(1, cookie!, { word: '办结', note: '已修好', nonce })).status).toBe(403)
    expect((await act(1, cookie!, { word: '办结', note: '已修好', nonce, _csrf: othersToken })).status).toBe(403)
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('reported')
  })

  it('a staff member of one party acting on another party\'s case, while his own party\'s case is his to move', async () => {
    const { cookie } = await login(await linkFor('物业小王'))
    // Case 2 is not his to open either: its form comes from his own case's page.
    expect((await get('/cases/2', cookie)).status).toBe(403)
    const form = await formOf(1, cookie!)
    const refused = await act(2, cookie!, { ...form, word: '办结', note: '已处理' })
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('不在您负责的范围内')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 2 } })).state).toBe('reported')
    const own = await formOf(1, cookie!)
    const before = h.botLines('3栋业主群').length
    expect((await act(1, cookie!, { ...own, word: '受理' })).status).toBe(303)
    expect(await h.waitForLine('3栋业主群', before)).toContain('#1 已受理')
    // The same form sent twice is applied once.
    expect((await act(1, cookie!, { ...own, word: '受理' })).status).toBe(303)
    await h.settle()
    expect(h.botLines('3栋业主群').filter((l) => l.text.includes('#1 已受理')).length).toBe(1)
    expect(await h.db.caseEvent.count({ where: { caseRow: { number: 1 }, action: 'accepted' } })).toBe(1)
  })

  it('a full export by anyone but a secretary, while the masked one is open to staff and audited', async () => {
    const { cookie } = await login(await linkFor('物业小王'))
    expect((await get('/cases.csv?full=1', cookie)).status).toBe(403)
    const masked = await get('/cases.csv', cookie)
    expect(masked.status).toBe(200)
    expect(await masked.text()).toContain('盛**')
    expect(await h.db.auditLog.count({ where: { action: 'dashboard-export-full' } })).toBe(0)
  })

  it('a service item of another party, and a 公示 posted by anyone but a secretary', async () => {
    const { cookie } = await login(await linkFor('物业小王'))
    const page = await (await get('/service', cookie)).text()
    const _csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { cookie: `hg_dashboard=${cookie}` }, body: new URLSearchParams({ _csrf, nonce: 'nonce-abcdefgh', ...fields }), redirect: 'manual' })
    expect((await post('/service', { title: '12号楼邻里调解', party: '社区', building: '12', due: '2026-11-30' })).status).toBe(403)
    expect((await post('/service', { title: '3栋电梯年检', party: '物业', building: '3', due: '2026-11-30' })).status).toBe(303)
    expect(await h.db.serviceItem.findMany({ select: { title: true } })).toEqual([{ title: '3栋电梯年检' }])
    expect((await post('/notice/post', { room: h.roomId('3栋业主群') })).status).toBe(403)
    expect(await h.db.outboxMessage.count({ where: { dedupeKey: { startsWith: 'notice-board:' } } })).toBe(0)
  })

  it('shows no stack trace and sends the security headers', async () => {
    const response = await get('/cases/999999')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(await response.text()).not.toMatch(/at \w+ \(|node_modules/)
  })

  // Last: it uses up this address's attempts for a minute.
  it('more than 10 login attempts a minute from one address, also with a made-up X-Forwarded-For', async () => {
    const attempt = (i: number) => fetch(`${base}/login`, { method: 'POST', headers: { 'x-forwarded-for': `10.0.0.${i}` }, body: new URLSearchParams({ secret: `wrong-${i}` }), redirect: 'manual' })
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await attempt(i)).status)
    expect(statuses.at(-1)).toBe(429)
    expect((await login(await linkFor('彭书记'))).status).toBe(429)
  })
})
