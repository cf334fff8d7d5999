import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'
import { dashboardLinkIn } from '../support/dashboard-link.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** A real PNG: 1×1, red. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')

const linkIn = dashboardLinkIn

// 扫码报事 end to end: the secretary prints a building's code from the dashboard, a resident reports
// on a phone-sized Chromium, the building group hears of it through the Wechaty stack, staff work
// the case in chat, and the resident follows it on their own page.
describe('the report page behind a lobby\'s QR code', () => {
  let h: Harness
  let browser: Browser
  let staff: Page
  let phone: BrowserContext
  let resident: Page
  let reportUrl = ''
  let casePage = ''

  beforeAll(async () => {
    h = await Harness.start()
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
    staff = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' })
    phone = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true })
    resident = await phone.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await h?.stop()
  })

  it('gives the secretary a code for building 3 and its A5 poster with the station, the hotline and the code', async () => {
    await staff.goto(linkIn(await h.ask('彭书记', null, '看板')))
    await staff.getByRole('button', { name: '进入看板' }).click()
    await staff.goto(`${h.app.dashboard!.url}/qr`)
    await staff.getByRole('row', { name: /3栋/ }).getByRole('button', { name: '生成' }).click()
    await expect.poll(() => staff.locator('.notice').textContent()).toContain('3栋的二维码已生成')
    reportUrl = (await staff.getByRole('row', { name: /3栋/ }).locator('code').textContent())!
    expect(reportUrl).toMatch(/\/r\/[\w-]{20,}$/)
    await staff.getByRole('row', { name: /3栋/ }).getByRole('link', { name: '打印海报' }).click()
    expect(await staff.locator('h2').textContent()).toContain('3栋')
    expect(await staff.locator('body').textContent()).toContain('0551-65321234')
    expect(await staff.locator('.qr svg').count()).toBe(1)
  })

  it('takes a resident\'s report with a photo on a phone; the building group hears one line that names nobody', async () => {
    const before = h.botLines('3栋业主群').length
    await resident.goto(reportUrl)
    expect(await resident.locator('header strong').textContent()).toBe('扫码报事')
    await resident.getByLabel('遇到了什么问题').fill('楼道的灯坏了，晚上黑漆漆的，老人下楼看不见')
    await resident.getByLabel('照片', { exact: false }).first().setInputFiles({ name: 'deng.png', mimeType: 'image/png', buffer: PNG })
    await resident.getByRole('textbox', { name: /^单元/ }).fill('2')
    await resident.getByLabel('门牌号').fill('502')
    await resident.getByLabel('手机号').fill('13912345678')
    await resident.getByLabel('怎么称呼您').fill('盛秀英')
    await resident.getByLabel('我已阅读并同意上面的说明').check()
    await resident.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => resident.locator('header strong').textContent()).toMatch(/^工单 #\d+$/)
    casePage = resident.url().replace(/\?.*$/, '')
    expect(await resident.locator('.notice').textContent()).toContain('请把这一页加入收藏')
    const number = Number(/#(\d+)/.exec((await resident.locator('header strong').textContent())!)![1])
    const notice = await h.waitForLine('3栋业主群', before)
    expect(notice).toContain(`有居民扫码反映，已登记 #${number}`)
    for (const secret of ['盛', '502', '13912345678', '黑漆漆']) expect(notice).not.toContain(secret)
    const caseRow = await h.db.case.findFirstOrThrow({ where: { number } })
    expect(caseRow).toMatchObject({ category: 'power', building: '3', unit: '2', room: '502', state: 'reported' })
    expect(await h.db.casePhoto.count({ where: { caseId: caseRow.id, source: 'resident' } })).toBe(1)
    // The handler heard of it as of any report.
    expect(h.botLines('物业工作群').at(-1)?.text).toContain(`#${number}`)
  })

  it('shows the resident the case as staff work it in chat, takes 满意, and counts it', async () => {
    const number = (await h.db.case.findFirstOrThrow({ where: { reporterId: { startsWith: 'web:' } } })).number
    await h.ask('物业小王', '物业工作群', `受理 #${number}`)
    await h.ask('物业小王', '物业工作群', `办结 #${number} 已换新灯泡`)
    await resident.goto(casePage)
    expect(await resident.locator('.box').first().textContent()).toContain('已办结')
    await resident.getByRole('button', { name: '满意', exact: true }).click()
    await expect.poll(() => resident.locator('[role="status"]').textContent()).toContain('已收到您的评价')
    const caseRow = await h.db.case.findFirstOrThrow({ where: { number } })
    expect(caseRow.state).toBe('rated')
    expect(await h.db.rating.findFirstOrThrow({ where: { caseId: caseRow.id } })).toMatchObject({ score: 'satisfied' })
  })

  it('ties a WeChat account to the case with 关注 CODE, after which progress @s them in the group', async () => {
    // A second report, so there is progress still to come.
    await resident.goto(reportUrl)
    await resident.getByLabel('遇到了什么问题').fill('单元门的门禁刷不开了，好几天了')
    await resident.getByLabel('我已阅读并同意上面的说明').check()
    await resident.getByRole('button', { name: '提交' }).click()
    await expect.poll(() => resident.locator('.code').textContent()).toMatch(/关注 [A-Z0-9]{6}/)
    const code = (await resident.locator('.code').textContent())!.replace('关注 ', '').trim()
    const number = Number(/#(\d+)/.exec((await resident.locator('header strong').textContent())!)![1])
    expect(await h.ask('刘叔叔', '3栋业主群', `关注 ${code}`)).toContain(`已关注 #${number}`)
    const progress = await h.ask('物业小王', '物业工作群', `受理 #${number}`, '3栋业主群')
    expect(progress).toContain(`#${number}`)
    expect(progress).toContain('@刘叔叔')
  })

  it('reopens the case on 不满意, and 删除我的信息 takes the resident\'s words, phone and name away', async () => {
    const page = resident.url().replace(/\?.*$/, '')
    const number = Number(/#(\d+)/.exec((await resident.locator('header strong').textContent())!)![1])
    await h.ask('物业小王', '物业工作群', `办结 #${number} 已调好门禁`)
    await resident.goto(page)
    await resident.getByRole('button', { name: /不满意/ }).click()
    await expect.poll(() => resident.locator('[role="status"]').textContent()).toContain('已重新打开')
    const reopened = await h.db.case.findFirstOrThrow({ where: { number } })
    expect(reopened.state).not.toBe('resolved')
    expect(reopened.resolvedAt).toBeNull()
    await resident.getByRole('button', { name: '删除我的信息' }).click()
    await resident.getByRole('button', { name: '确定删除' }).click()
    await expect.poll(() => resident.locator('main').textContent()).toContain('已删除您的个人信息')
    const reporter = await h.db.webReporter.findFirstOrThrow({ where: { caseId: reopened.id } })
    expect(reporter).toMatchObject({ phone: null, name: null })
    expect((await h.db.case.findFirstOrThrow({ where: { number } })).text).not.toContain('门禁')
    await resident.goto(page)
    expect(await resident.locator('main').textContent()).toContain('您的个人信息已经删除')
  })

  it('shows a polite page for a revoked code, and the new code works', async () => {
    await staff.goto(`${h.app.dashboard!.url}/qr`)
    await staff.getByRole('row', { name: /3栋/ }).getByRole('button', { name: '换新码' }).click()
    await expect.poll(() => staff.locator('.notice').textContent()).toContain('已换新码')
    const fresh = (await staff.getByRole('row', { name: /3栋/ }).locator('code').textContent())!
    expect(fresh).not.toBe(reportUrl)
    const old = await resident.goto(reportUrl)
    expect(old?.status()).toBe(410)
    expect(await resident.locator('main').textContent()).toContain('这个二维码已经停用了')
    expect((await resident.goto(fresh))?.status()).toBe(200)
  })
})
