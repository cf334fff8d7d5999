import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'

/** A real PNG: 1×1, red. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')

// What a careless or hostile visitor can do to the report page: nothing is stored, nothing is run,
// and nobody reads anybody else's words.
describe('the report page against guessing, forging, flooding and scripts', () => {
  let h: Harness
  let base = ''
  let slug = ''

  /** The form the page gives out for the code, as a browser would get it. */
  const formToken = async () => {
    const page = await (await fetch(`${base}/r/${slug}`)).text()
    return /name="form" value="([^"]+)"/.exec(page)![1]!
  }
  const submit = async (fields: Record<string, string>, photo?: { name: string; data: Buffer; type: string }) => {
    const body = new FormData()
    for (const [k, v] of Object.entries({ consent: 'yes', ...fields })) body.append(k, v)
    if (photo) body.append('photo', new Blob([new Uint8Array(photo.data)], { type: photo.type }), photo.name)
    return fetch(`${base}/r/${slug}`, { method: 'POST', body, redirect: 'manual' })
  }
  const stored = () => Promise.all([h.db.inboundMessage.count({ where: { kind: 'web' } }), h.db.webReporter.count(), h.db.case.count()])

  beforeAll(async () => {
    h = await Harness.start()
    base = h.app.dashboard!.url
    slug = 'k3Xq9vT2bLmN8pRs4wYz0a'
    const community = await h.db.community.findFirstOrThrow()
    await h.db.reportCode.create({ data: { communityId: community.id, slug, building: '3', createdAt: new Date() } })
  })
  afterAll(async () => {
    await h?.stop()
  })

  it('answers a guessed code or case link with a plain "not found"', async () => {
    expect((await fetch(`${base}/r/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404)
    const guessed = await fetch(`${base}/c/${'A'.repeat(32)}`)
    expect(guessed.status).toBe(404)
    expect(await guessed.text()).toContain('没有找到这件工单')
  })

  it('refuses a forged form, a stale one, an oversized photo and a file that only pretends to be one, keeping nothing', async () => {
    const before = await stored()
    const token = await formToken()
    const [nonce, issued] = token.split('.')
    const forged = await submit({ form: `${nonce}.${issued}.${'x'.repeat(43)}`, text: '楼道灯坏了好几天了' })
    expect(forged.status).toBe(400)
    expect(await forged.text()).toContain('这张表已经过期了')
    const stale = await submit({ form: token.replace(issued!, String(Date.now() - 7 * 3600_000)), text: '楼道灯坏了好几天了' })
    expect(stale.status).toBe(400)
    const big = await submit({ form: await formToken(), text: '楼道灯坏了好几天了' }, { name: 'big.png', data: Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]), type: 'image/png' })
    expect(big.status).toBe(413)
    const disguised = await submit({ form: await formToken(), text: '楼道灯坏了好几天了' }, { name: 'photo.jpg', data: Buffer.from('<?php system($_GET[1]); ?>'), type: 'image/jpeg' })
    expect(disguised.status).toBe(400)
    expect(await disguised.text()).toContain('只能传照片')
    expect(await stored()).toEqual(before)
  })

  it('tells a program that fills the hidden field "thank you" and keeps nothing', async () => {
    const before = await stored()
    const trap = await submit({ form: await formToken(), text: '便宜代开发票 加微信', website: 'http://spam.example' })
    expect(trap.status).toBe(200)
    expect(await trap.text()).toContain('谢谢')
    expect(await stored()).toEqual(before)
  })

  it('shows a script in a report as text on the resident\'s page and on the staff\'s case page, never runs it', async () => {
    const sent = await submit({ form: await formToken(), text: '楼道灯坏了<script>alert(1)</script><img src=x onerror=alert(2)>' })
    expect(sent.status).toBe(303)
    const page = await (await fetch(`${base}${sent.headers.get('location')}`)).text()
    expect(page).not.toContain('<script>alert(1)')
    expect(page).not.toContain('<img src=x')
    const caseRow = await h.db.case.findFirstOrThrow({ where: { reporterId: { startsWith: 'web:' } }, orderBy: { id: 'desc' } })
    expect(caseRow.text).toContain('<script>')
    const secretary = await h.ask('彭书记', null, '看板')
    const link = /http:\/\/\S+\/login\/([\w-]+)/.exec(secretary)!
    const login = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ secret: link[1]! }), redirect: 'manual' })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const staffPage = await (await fetch(`${base}/cases/${caseRow.number}`, { headers: { cookie } })).text()
    expect(staffPage).toContain('&lt;script&gt;')
    expect(staffPage).not.toContain('<script>alert(1)')
  })

  it('lets a form count once however often it is sent, and a neighbour who reports the same fault never reads the first reporter\'s words', async () => {
    const token = await formToken()
    const first = await submit({ form: token, text: '3栋2单元电梯卡在六楼不动了，按了没反应，我姓秦住1203', room: '1203', unit: '2' })
    expect(first.status).toBe(303)
    const cases = await h.db.case.count()
    const again = await submit({ form: token, text: '3栋2单元电梯卡在六楼不动了，按了没反应，我姓秦住1203', room: '1203', unit: '2' })
    expect(await again.text()).toContain('这张表已经提交过了')
    expect(await h.db.case.count()).toBe(cases)
    const neighbour = await submit({ form: await formToken(), text: '2单元电梯又不动了，卡在六楼', unit: '2' })
    const page = await (await fetch(`${base}${neighbour.headers.get('location')}`)).text()
    expect(await h.db.case.count()).toBe(cases)
    expect(page).toMatch(/工单 #\d+/)
    for (const theirs of ['秦', '1203', '按了没反应']) expect(page).not.toContain(theirs)
    // The neighbour adds a note with a photo from their page, sent twice: one note, one photo; a file that is no photo is said so.
    const pageUrl = `${base}${neighbour.headers.get('location')!.replace(/\?.*$/, '')}`
    const note = (nonce: string, photo: Buffer) => {
      const form = new FormData()
      form.append('nonce', nonce)
      form.append('note', '现在连楼梯间的灯也灭了')
      form.append('photo', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'p.png')
      return fetch(`${pageUrl}/note`, { method: 'POST', body: form, redirect: 'manual' })
    }
    expect((await note('noteNonce0000001', PNG)).headers.get('location')).toContain('said=note')
    await note('noteNonce0000001', PNG)
    expect(await h.db.caseEvent.count({ where: { note: '现在连楼梯间的灯也灭了' } })).toBe(1)
    expect(await h.db.casePhoto.count({ where: { messageId: { endsWith: 'noteNonce0000001:photo' } } })).toBe(1)
    expect((await note('noteNonce0000002', Buffer.from('not a picture at all'))).headers.get('location')).toContain('said=note-no-photo')
  })

  it('stops the sixth report from one address within the hour', async () => {
    // Four sent above (the form sent twice counts twice): the fifth goes through, the sixth does not.
    expect((await submit({ form: await formToken(), text: '楼下路灯不亮了' })).status).toBe(303)
    const sixth = await submit({ form: await formToken(), text: '垃圾桶满了没人收' })
    expect(sixth.status).toBe(429)
    expect(await sixth.text()).toContain('请过一会儿再试')
  })
})

// A submission whose handling fails after its work (the database busy just after the case was
// written) is handled again: one case, one photo, one line in the group, and nothing to WeChat for
// the page's reporter.
describe('a report page submission handled twice', () => {
  let h: Harness
  let armed = 1
  afterAll(async () => {
    await h?.stop()
  })

  it('registers it once and tells the group once', async () => {
    h = await Harness.start({
      faultAfterHandling: (messageId) => {
        if (messageId.startsWith('web:') && armed > 0) {
          armed--
          throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
        }
      },
    })
    const base = h.app.dashboard!.url
    const community = await h.db.community.findFirstOrThrow()
    const slug = 'retryReportCode0000000000'
    await h.db.reportCode.create({ data: { communityId: community.id, slug, building: '3', createdAt: new Date() } })
    const token = /name="form" value="([^"]+)"/.exec(await (await fetch(`${base}/r/${slug}`)).text())![1]!
    const body = new FormData()
    for (const [k, v] of Object.entries({ form: token, consent: 'yes', text: '3栋楼顶的水箱往下漏水，楼道里都是水' })) body.append(k, v)
    body.append('photo', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'shui.png')
    const before = h.botLines('3栋业主群').length
    const sent = await fetch(`${base}/r/${slug}`, { method: 'POST', body, redirect: 'manual' })
    expect(sent.status).toBe(303)
    expect(armed).toBe(0)
    await h.settle()
    expect(await h.db.case.count({ where: { reporterId: { startsWith: 'web:' } } })).toBe(1)
    expect(await h.db.casePhoto.count()).toBe(1)
    const lines = h.botLines('3栋业主群').slice(before)
    expect(lines.filter((l) => l.text.includes('有居民扫码反映'))).toHaveLength(1)
    expect(await h.db.outboxMessage.count({ where: { conversationId: { startsWith: 'web:' } } })).toBe(0)
    expect(await h.db.outboxMessage.count({ where: { mentionIds: { contains: 'web:' } } })).toBe(0)
  })
})
