import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Harness } from '../support/harness.js'
import { dashboardClient, startWithTwoCases } from '../support/dashboard-client.js'

// Each way in that must stay shut, over plain HTTP against the real bot: refused, and nothing changes.
describe('the dashboard keeps to each one\'s scope and keeps nothing it should not', () => {
  let h: Harness
  let base: string

  const client = () => dashboardClient(h)
  const login = (secret: string) => client().login(secret)
  const linkFor = (name: string) => client().linkFor(name)
  const get = (path: string, cookie?: string) => client().get(path, cookie)
  beforeAll(async () => {
    h = await startWithTwoCases()
    base = h.app.dashboard!.url
  })
  afterAll(async () => {
    await h.stop()
  })

  it('a login link read back from the outbox once it was sent', async () => {
    const secret = await linkFor('物业小王')
    await h.settle()
    const rows = await h.db.outboxMessage.findMany({ where: { conversationId: h.personId('物业小王') } })
    expect(rows.some((r) => r.text.includes('看板登录链接，已发出'))).toBe(true)
    expect(rows.some((r) => r.text.includes(secret))).toBe(false)
    // It was still the real link that reached WeChat, and it still opens the dashboard once.
    expect(h.botLines('物业小王').some((l) => l.text.includes(secret))).toBe(true)
    expect((await login(secret)).status).toBe(303)
  })

  it('a body larger than a form, before any login and whether its length is given or streamed', async () => {
    // The server answers 413 and may close the connection while the client is still sending: either is a refusal.
    const refusal = (request: Promise<Response>) => request.then((r) => r.status).catch((error: { cause?: { code?: string } }) => error.cause?.code)
    const refused = [413, 'UND_ERR_SOCKET']
    const big = 'x'.repeat(1024 * 1024)
    expect(refused).toContain(await refusal(fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ secret: big }), redirect: 'manual' })))
    // Streamed without a length: cut off once it passes the limit, not read to its end.
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024
        if (sent > 200 * 1024 * 1024) controller.close()
        else controller.enqueue(new Uint8Array(64 * 1024).fill(120))
      },
    })
    const streamed = await refusal(fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: endless, duplex: 'half', redirect: 'manual' } as RequestInit))
    expect(refused).toContain(streamed)
    expect(sent).toBeLessThan(50 * 1024 * 1024)
    expect((await get('/login/x')).status).toBe(200)
    // A case action with a photo of 4 MB is refused too; the ordinary login still works.
    const { cookie } = await login(await linkFor('彭书记'))
    const form = new FormData()
    form.set('photo', new Blob([new Uint8Array(4 * 1024 * 1024)], { type: 'image/jpeg' }), 'big.jpg')
    expect(refused).toContain(await refusal(fetch(`${base}/cases/1/action`, { method: 'POST', headers: { cookie: `hg_dashboard=${cookie}` }, body: form, redirect: 'manual' })))
    expect(await h.db.caseEvent.count({ where: { action: 'resolved' } })).toBe(0)
  })

  it('a building head reading or moving another building\'s case, in the chat or on the dashboard, its photo and its export row', async () => {
    const caseTwo = await h.db.case.findFirstOrThrow({ where: { number: 2 } })
    const key = 'k'.repeat(40)
    await h.db.casePhoto.create({ data: { communityId: caseTwo.communityId, caseId: caseTwo.id, messageId: 'photo-of-2', contactId: caseTwo.reporterId, fileName: 'a.png', mimeType: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), size: 4, source: 'resident', createdAt: h.clock.now(), key } })
    const { cookie } = await login(await linkFor('赵楼长'))
    expect((await get('/cases/2', cookie)).status).toBe(403)
    expect((await get(`/photos/${key}`, cookie)).status).toBe(404)
    const csv = await (await get('/cases.csv', cookie)).text()
    expect(csv).toMatch(/^\uFEFF?工单号/)
    expect(csv).not.toMatch(/^2,/m)
    expect(await (await get('/cases', cookie)).text()).not.toContain('/cases/2"')
    // In the chat: not his to close, and asked about it he hears what a resident would.
    expect(await h.ask('赵楼长', null, '关闭 #2 已处理')).toContain('不在您负责的范围内')
    expect(await h.ask('赵楼长', null, '查询 #2 详情')).toContain('不是您反映的工单')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 2 } })).state).not.toBe('closed')
    // The secretary reads it all; too long a number is no case (404), not an error.
    const { cookie: peng } = await login(await linkFor('彭书记'))
    expect((await get('/cases/2', peng)).status).toBe(200)
    expect((await get(`/photos/${key}`, peng)).status).toBe(200)
    expect((await get('/cases/99999999999999999999', peng)).status).toBe(404)
  })

  it('a notice written into the address: no page shows it', async () => {
    const { cookie } = await login(await linkFor('彭书记'))
    const bait = '登录已过期，请点 http://example.invalid/relogin 重新登录'
    for (const path of ['/cases/1', '/triage', '/service', '/notice', '/people']) {
      const page = await (await get(`${path}?notice=${encodeURIComponent(bait)}`, cookie)).text()
      expect(page, path).not.toContain('example.invalid')
    }
  })

})
