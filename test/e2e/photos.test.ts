import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'

/** A small PNG: its signature, then bytes enough to be a picture's body. */
const png = (seed: number): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, seed)])

// Residents show the problem: a picture through the local WeChat, kept with the case, seen on the dashboard, never posted.
describe('photos of a case', () => {
  let h: Harness
  const picture = (name: string, group: string, data: Buffer, id?: string) =>
    h.wechat.deliver({ id, personId: h.personId(name), roomId: h.roomId(group), image: { name: 'xianchang.png', data } })

  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('attaches a picture the reporter sends in the same group soon after, once, and says so there only', async () => {
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了，麻烦物业看一下')
    // The new-case notice to the property's staff group comes after the receipt.
    await h.settle()
    const before = h.botLines().length
    const id = picture('盛阿姨', '3栋业主群', png(1))
    picture('盛阿姨', '3栋业主群', png(1), id)
    await h.settle()
    const said = h.botLines().slice(before)
    expect(said.map((l) => [l.where, l.text])).toEqual([['3栋业主群', '@盛阿姨 照片已附到 #1，工作人员处理时能看到。']])
    expect(said.some((l) => l.file)).toBe(false)
    const photos = await h.db.casePhoto.findMany()
    expect(photos).toHaveLength(1)
    expect(photos[0]).toMatchObject({ source: 'resident', mimeType: 'image/png', size: png(1).length })
    expect(Buffer.from(photos[0]!.data).equals(png(1))).toBe(true)
    expect((await h.db.inboundMessage.findUniqueOrThrow({ where: { wechatId: id } })).fileData).toBeNull()
  })

  it('keeps nothing, and says nothing, for someone else\'s picture or one sent long after', async () => {
    const before = h.botLines().length
    picture('刘叔叔', '3栋业主群', png(2))
    h.clock.advance(11 * 60_000)
    picture('盛阿姨', '3栋业主群', png(3))
    await h.settle()
    expect(h.botLines().length).toBe(before)
    expect(await h.db.casePhoto.count()).toBe(1)
  })

  it('shows the pictures on the case page to staff, and keeps one staff attach to 办结', async () => {
    const secret = /\/login\/([\w-]+)/.exec(await h.ask('彭书记', null, '看板'))![1]!
    const base = h.app.dashboard!.url
    const login = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ secret }), redirect: 'manual' })
    const cookie = `hg_dashboard=${/hg_dashboard=([^;]+)/.exec(login.headers.get('set-cookie')!)![1]}`
    const page = await (await fetch(`${base}/cases/1`, { headers: { cookie } })).text()
    const src = /<img src="(\/photos\/[\w-]+)"/.exec(page)![1]!
    // Served under a random key only: counting through numbers finds nothing.
    expect(src).toMatch(/^\/photos\/[\w-]{32,}$/)
    expect((await fetch(`${base}/photos/1`, { headers: { cookie } })).status).toBe(404)
    const served = await fetch(`${base}${src}`, { headers: { cookie } })
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await served.arrayBuffer()).equals(png(1))).toBe(true)
    expect((await fetch(`${base}${src}`)).status).toBe(401)

    const form = page.slice(page.indexOf('name="word" value="办结"') - 400)
    const body = new FormData()
    body.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(form)![1]!)
    body.set('nonce', /name="nonce" value="([^"]+)"/.exec(form)![1]!)
    body.set('word', '办结')
    body.set('note', '已更换楼道灯')
    body.set('photo', new File([new Uint8Array(png(4))], 'banjie.png', { type: 'image/png' }))
    const before = h.botLines('3栋业主群').length
    expect((await fetch(`${base}/cases/1/action`, { method: 'POST', headers: { cookie }, body, redirect: 'manual' })).status).toBe(303)
    expect(await h.waitForLine('3栋业主群', before)).toContain('#1 已办结：已更换楼道灯')
    expect(await h.db.casePhoto.count({ where: { source: 'staff' } })).toBe(1)
    await h.settle()
    expect(h.botLines('3栋业主群').slice(before).some((l) => l.file)).toBe(false)
  })

  it('removes the resident\'s pictures on 删除我的信息', async () => {
    await h.ask('盛阿姨', null, '删除我的信息')
    expect(await h.db.casePhoto.count({ where: { source: 'resident' } })).toBe(0)
    expect(await h.db.casePhoto.count({ where: { source: 'staff' } })).toBe(1)
  })
})
