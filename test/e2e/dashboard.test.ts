import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'
import { dashboardLinkIn } from '../support/dashboard-link.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// DASHBOARD_SCREENSHOTS=1 writes the README's pictures; otherwise they go to a temporary folder.
const SHOTS = process.env.DASHBOARD_SCREENSHOTS ? path.resolve('bot/dashboard/screenshots') : path.join(tmpdir(), 'hgj-dashboard-shots')

const linkIn = dashboardLinkIn

// The secretary's whole round in a real Chromium, against the real bot on the local WeChat.
describe('the dashboard in a browser', () => {
  let h: Harness
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true })
    h = await Harness.start()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' })
  })
  afterAll(async () => {
    await browser?.close()
    await h?.stop()
  })

  it('refuses a resident who asks for the dashboard, politely and with nothing stored', async () => {
    const answer = await h.ask('盛阿姨', null, '看板')
    expect(answer).toContain('看板只对驿站工作人员开放')
    expect(await h.db.dashboardLink.count()).toBe(0)
  })

  it('lets the secretary log in with the link from 看板 and shows the counts the chat summary gives', async () => {
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了，晚上上楼黑乎乎的，麻烦物业看一下')
    await h.ask('陈小美', '12号楼邻里群', '电梯又坏了，卡在6楼不动了，里面好像还有人！！')
    const summary = await h.ask('彭书记', null, '今日汇总')
    const [, created, resolved, open, overdue] = /新增 (\d+) 件｜办结 (\d+) 件｜待办 (\d+) 件｜逾期 (\d+) 件/.exec(summary)!
    const answer = await h.ask('彭书记', null, '看板')
    expect(answer).toContain('10 分钟内有效')
    await page.goto(linkIn(answer))
    await page.getByRole('button', { name: '进入看板' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('总览')
    const figure = (name: string) => page.locator(`[data-period="今天"] [data-figure="${name}"]`).textContent()
    expect([await figure('新增'), await figure('办结'), await figure('待办'), await figure('逾期')]).toEqual([created, resolved, open, overdue])
    expect(await page.locator('table').textContent()).toContain('#2')
    await expect.poll(() => page.locator('img[data-section="trend"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(960)
    expect(await (await page.request.get(`${h.app.dashboard!.url}/chart.svg`)).text()).toContain('满意率')
    await page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true })
    const cookie = (await page.context().cookies()).find((c) => c.name === 'hg_dashboard')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
  })

  it('resolves a case from its page: the reporter\'s group hears #N 已办结 with her @-mentioned, once', async () => {
    await page.goto(`${h.app.dashboard!.url}/cases`)
    await page.screenshot({ path: path.join(SHOTS, 'cases.png'), fullPage: true })
    await page.getByRole('link', { name: '#1', exact: true }).click()
    expect(await page.locator('[data-section="status"]').textContent()).toContain('3栋2单元')
    const before = h.botLines('3栋业主群').length
    await page.getByRole('textbox', { name: '办结的内容' }).fill('已更换楼道灯')
    await page.getByRole('button', { name: '办结', exact: true }).click()
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain('#1 已办结')
    const post = await h.waitForLine('3栋业主群', before)
    expect(post).toContain('#1 已办结：已更换楼道灯')
    expect(post).toContain('@盛阿姨')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('resolved')
    await page.screenshot({ path: path.join(SHOTS, 'case.png'), fullPage: true })
    // Sent back again (the browser's back and resubmit): applied once, posted once.
    await page.goBack()
    await page.getByRole('textbox', { name: '办结的内容' }).fill('已更换楼道灯')
    await page.getByRole('button', { name: '办结', exact: true }).click()
    await h.settle()
    expect(h.botLines('3栋业主群').filter((l) => l.text.includes('#1 已办结')).length).toBe(1)
    expect(await h.db.auditLog.count({ where: { action: { in: ['dashboard-login', 'dashboard-action'] } } })).toBeGreaterThanOrEqual(2)
  })

  it('shows the wall chart, lists a cell\'s cases, and exports the table masked', async () => {
    await h.ask('刘叔叔', '3栋业主群', '3栋1单元门口的路灯坏了，晚上看不清路，我家住1203，电话13812345678')
    await page.goto(`${h.app.dashboard!.url}/wall`)
    await page.screenshot({ path: path.join(SHOTS, 'wall.png'), fullPage: true })
    await page.locator('td a').first().click()
    expect(await page.locator('table').textContent()).toContain('3栋1单元')
    const numbers = async (query: string) => {
      await page.goto(`${h.app.dashboard!.url}/cases?${query}`)
      return page.locator('table tr td:first-child a').allTextContents()
    }
    expect(await numbers('urgency=urgent')).toEqual(['#2'])
    expect(await numbers('party=%E7%A4%BE%E5%8C%BA')).toEqual([])
    expect(await numbers('sort=old')).toEqual(['#1', '#2', '#3'])
    expect(await numbers('from=2026-11-21')).toEqual([])
    expect(await numbers('from=2026-11-20&to=2026-11-20&sort=new')).toEqual(['#3', '#2', '#1'])
    const csv = await (await page.request.get(`${h.app.dashboard!.url}/cases.csv?state=open`)).text()
    expect(csv).toContain('刘**')
    expect(csv).not.toContain('13812345678')
    expect(csv).not.toContain('1203')
    expect(await h.db.auditLog.count({ where: { action: 'dashboard-export' } })).toBe(1)
  })

  it('keeps the service list: an item added and crossed off, then in the month\'s 公示, posted to a building group as a picture', async () => {
    await page.goto(`${h.app.dashboard!.url}/service`)
    await page.getByRole('textbox', { name: '服务项目' }).fill('3栋楼道灯全部更换')
    await page.getByRole('textbox', { name: '楼栋' }).fill('3')
    await page.getByRole('button', { name: '加入清单' }).click()
    await page.getByRole('textbox', { name: '3栋楼道灯全部更换的销号说明' }).fill('12 盏灯已全部换成声控灯')
    await page.getByRole('button', { name: '销号' }).click()
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain('已销号')
    expect(await page.locator('[data-item="3栋楼道灯全部更换"]').textContent()).toContain('已销号')
    await page.screenshot({ path: path.join(SHOTS, 'service.png'), fullPage: true })
    await page.getByRole('link', { name: '本月公示（A4）' }).click()
    const notice = (await page.locator('[data-section="notice"]').textContent())!
    expect(notice).toContain('#1 电力照明')
    expect(notice).toContain('3栋楼道灯全部更换')
    expect(notice).not.toContain('盛阿姨')
    await page.screenshot({ path: path.join(SHOTS, 'notice.png'), fullPage: true })
    const before = h.botLines('3栋业主群').length
    await page.getByRole('button', { name: '发到所选的群' }).click()
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain('已排队发到')
    await h.waitForLine('3栋业主群', before)
    const picture = h.botLines('3栋业主群').slice(before).find((l) => l.file)
    expect(picture?.file?.name).toBe('gongshi.png')
    expect(picture!.file!.data.length).toBeGreaterThan(10_000)
  })

  it('shows the volunteers\' roster and hours, and the suspected reports to confirm', async () => {
    await h.ask('赵楼长', '3栋业主群', '报名红周六 3栋')
    await page.goto(`${h.app.dashboard!.url}/volunteers`)
    expect(await page.locator('[data-section="roster"]').textContent()).toContain('赵楼长')
    await page.screenshot({ path: path.join(SHOTS, 'volunteers.png'), fullPage: true })
    await page.goto(`${h.app.dashboard!.url}/triage`)
    await page.screenshot({ path: path.join(SHOTS, 'triage.png'), fullPage: true })
    expect(await page.locator('h1').textContent()).toBe('待确认')
  })

  it('ends every session on 退出看板', async () => {
    const answer = await h.ask('彭书记', null, '退出看板')
    expect(answer).toContain('已退出看板')
    const response = await page.goto(`${h.app.dashboard!.url}/`)
    expect(response?.status()).toBe(401)
    expect(await page.locator('body').textContent()).toContain('请在微信里私聊红管家发「看板」')
  })
})
