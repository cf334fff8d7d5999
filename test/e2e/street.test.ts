import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fireJob } from '../../bot/schedule/scheduler.js'
import { dailySummary } from '../../schedules/daily-summary.js'
import { streetReport } from '../../schedules/street-report.js'
import { dashboardClient } from '../support/dashboard-client.js'
import type { Harness } from '../support/harness.js'
import { STREET_PEOPLE, StreetHarness } from '../support/street-harness.js'

// Three communities of one street (淝南, 光明, 和平) in one process, each with its own WeChat
// account and groups, on one database: the same staff names are different people in each.
describe('one street, three communities in one process', () => {
  let s: StreetHarness
  let a: Harness
  let b: Harness
  let c: Harness

  beforeAll(async () => {
    s = await StreetHarness.start()
    ;[a, b, c] = s.communities as [Harness, Harness, Harness]
  }, 120_000)
  afterAll(async () => {
    await s?.stop()
  })

  it('keeps reports, numbers, commands and schedules in their own community', async () => {
    expect(await a.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了，麻烦物业看一下')).toMatch(/已登记 #1：/)
    expect(await b.ask('盛阿姨', '3栋业主群', '3栋下水道堵了，污水都冒到楼道里了')).toMatch(/已登记 #1：/)
    // 淝南's grid worker, a WeChat friend of 光明's account too, is nobody there.
    b.wechat.person('wxid_li_wangge', '网格员小李')
    const before = b.botLines('网格员小李').length
    b.wechat.say('wxid_li_wangge', '受理 #1', { to: b.demo.botId })
    await b.waitForLine('网格员小李', before)
    expect(b.botLines('网格员小李').at(-1)!.text).toContain('需要工作人员身份')
    expect(await b.db.case.findFirstOrThrow({ where: { communityId: b.app.community.id, number: 1 } })).toMatchObject({ state: 'reported' })
    // 光明's own grid worker takes it; 淝南's #1 stays as it was.
    expect(await b.ask('网格员小李', null, '受理 #1', '3栋业主群')).toContain('#1 已受理')
    expect(await a.db.case.findFirstOrThrow({ where: { communityId: a.app.community.id, number: 1 } })).toMatchObject({ state: 'reported', text: expect.stringContaining('楼道灯') })
    // Each community's summary counts its own; 和平 has had nothing.
    expect(await a.ask('彭书记', null, '今日汇总')).toContain('新增 1 件')
    expect(await fireJob(dailySummary('0 20 * * *'), c.app.jobDeps, c.clock.now())).toBe('sent')
    await c.settle()
    expect(c.botLines('红管家服务驿站').at(-1)!.text).toContain('新增 0 件')
    expect(a.botLines('红管家服务驿站')).toHaveLength(0)
  })

  it('shows each community its own cases on the one dashboard, and the street page to the street only', async () => {
    expect(a.app.dashboard!.url).toBe(b.app.dashboard!.url)
    const web = dashboardClient(a)
    const cookie = await web.cookieOf('网格员小李')
    const page = await (await web.get('/cases/1', cookie)).text()
    expect(page).toContain('楼道灯')
    expect(page).not.toContain('下水道')
    expect((await web.get('/street', cookie)).status).toBe(403)
    const bWeb = dashboardClient(b)
    const bCookie = await bWeb.cookieOf('彭书记')
    const other = await (await bWeb.get('/cases/1', bCookie)).text()
    expect(other).toContain('下水道')
    expect(other).not.toContain('不亮好几天')
    // The export and 待办 read their own community only.
    const csv = await (await bWeb.get('/cases.csv?full=1', bCookie)).text()
    expect(csv).toContain('下水道')
    expect(csv).not.toContain('不亮好几天')
    const todo = await b.ask('网格员小李', null, '待办')
    expect(todo).toContain('给排水')
    expect(todo).not.toContain('照明')
    // A report code is its community's: its page names that community, and a report made there is numbered there.
    const slug = 'guangmingCode0000000000'
    await b.db.reportCode.create({ data: { communityId: b.app.community.id, slug, building: '3', createdAt: b.clock.now() } })
    const form = await (await fetch(`${web.base()}/r/${slug}`)).text()
    expect(form).toContain('光明社区')
    expect(form).not.toContain('淝南社区')
  })

  it('takes a case twice past its deadline to the street, which gives it to 住建 and resolves it; the group and the secretary hear each step', async () => {
    // A week on: every community's supervision sweep runs now (as its own every minute would), so
    // what they send is sent before the next step, whichever minute their own sweeps fall on.
    a.clock.set(new Date(a.clock.now().getTime() + 7 * 86_400_000))
    for (const x of [a, b, c]) await x.app.sweep()
    for (const x of [a, b, c]) await x.settle()
    expect(a.botLines('3栋业主群').at(-1)!.text).toContain('#1 社区协调未果，已提请街道协调处理')
    expect(a.botLines(STREET_PEOPLE.staff.name).at(-1)!.text).toMatch(/^【街道待办】淝南社区 #1 /)
    expect(a.botLines(STREET_PEOPLE.secretary.name).at(-1)!.text).toContain('受理 #1')
    // 光明's #1, as late, went to the street too; the street's people heard of it from 光明's account, not of 淝南's.
    expect(b.botLines(STREET_PEOPLE.staff.name).map((l) => l.text)).toEqual([expect.stringMatching(/^【街道待办】光明社区 #1 /)])

    expect(await a.ask(STREET_PEOPLE.staff.name, null, '受理 #1', '3栋业主群')).toContain('#1 已受理')
    expect(await a.ask(STREET_PEOPLE.staff.name, null, '交办 #1 住建 请查线路', '3栋业主群')).toContain('#1 已由东湖街道交住建部门处理。')
    await a.settle()
    expect(a.botLines(STREET_PEOPLE.zhujian.name).at(-1)!.text).toMatch(/^【街道交办】淝南社区 #1 .*交住建处理：请查线路/)
    expect(await a.ask(STREET_PEOPLE.staff.name, null, '办结 #1 住建已更换线路', '3栋业主群')).toContain('#1 已办结：住建已更换线路')
    await a.settle()
    const secretary = a.botLines('彭书记').map((l) => l.text)
    expect(secretary.some((t) => t.startsWith('【街道】街道已将 #1 交住建处理'))).toBe(true)
    expect(secretary.some((t) => t.startsWith('【街道】街道赵干事：办结 #1 住建已更换线路'))).toBe(true)
    expect(await a.db.case.findFirstOrThrow({ where: { communityId: a.app.community.id, number: 1 } })).toMatchObject({ state: 'resolved', streetDepartment: '住建', assigneeName: '住建刘工' })
  })

  it('lets only a secretary hand a case to the street, and keeps the street staff to the street\'s cases', async () => {
    expect(await b.ask('陈小美', '12号楼邻里群', '12号楼电梯按钮坏了好几个，麻烦物业看看')).toMatch(/已登记 #2：/)
    expect(await b.ask('网格员小李', null, '上报街道 #2 涉及电梯维保')).toBe('抱歉，这个操作只有书记或站长可以使用。')
    expect(await b.ask(STREET_PEOPLE.staff.name, null, '办结 #2 已修好')).toContain('不在您负责的范围内')
    expect(await b.ask('彭书记', null, '上报街道 #2')).toContain('请写上为什么要上报街道')
    expect(await b.ask('彭书记', null, '上报街道 #2 电梯维保单位要街道协调')).toContain('已将 #2 上报东湖街道')
    await b.settle()
    expect(b.botLines('12号楼邻里群').at(-1)!.text).toContain('#2 社区协调未果，已提请街道协调处理')
    expect(b.botLines(STREET_PEOPLE.staff.name).at(-1)!.text).toContain('社区书记上报：电梯维保单位要街道协调')
    expect(await b.ask(STREET_PEOPLE.staff.name, null, '进展 #2 已约维保单位下周来', '12号楼邻里群')).toContain('#2 处理中：已约维保单位下周来')
  })

  it('shows the street its communities side by side, and its weekly report ranks them with the same figures', async () => {
    const web = dashboardClient(a)
    const cookie = await web.cookieOf(STREET_PEOPLE.secretary.name)
    const page = await (await web.get('/street?period=lastWeek', cookie)).text()
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.trim())
    const rows = [...page.matchAll(/<tr><td>\d+<\/td>([\s\S]*?)<\/tr>/g)].map((m) => cells(`<td>${m[1]}`)).map((r) => ({ name: r[0]!, created: r[1]!, rates: r.slice(6, 9) }))
    expect(rows.map((r) => r.name).sort()).toEqual(['光明社区', '和平社区', '淝南社区'])

    expect(await fireJob(streetReport('0 8 * * 1'), a.app.jobDeps, a.clock.now())).toBe('sent')
    await a.settle()
    const report = a.botLines(STREET_PEOPLE.secretary.name).map((l) => l.text).find((t) => t.startsWith('【街道周报】东湖街道'))!
    expect(report).toBeDefined()
    const ranked = [...report.matchAll(/^(\d)\. (\S+)：新增 (\d+)｜办结 \d+｜逾期 \d+｜响应率 (\S+)｜解决率 (\S+)｜满意率 (\S+)$/gm)].map((m) => ({ name: m[2]!, created: m[3]!, rates: [m[4]!, m[5]!, m[6]!] }))
    expect(ranked).toHaveLength(3)
    // The dashboard's last week, sorted by rank, is the report's order with the report's numbers.
    expect(rows).toEqual(ranked)
    // 和平 had no case: no rate, last.
    expect(ranked[2]).toEqual({ name: '和平社区', created: '0', rates: ['—', '—', '—'] })
    expect(report).toContain('提请街道协调的工单（未办结 2 件）')
    expect(report).toMatch(/淝南社区 #1 .*｜交住建/)
    expect(report).toContain('光明社区 #1 ')
    expect(report).toContain('光明社区 #2 ')

    // Into 光明's own pages, with its secretary's rights.
    const enter = await fetch(`${web.base()}/street/enter/${b.app.community.id}`, {
      method: 'POST', redirect: 'manual', headers: { cookie: `hg_dashboard=${cookie}` },
      body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! }),
    })
    expect(enter.status).toBe(303)
    const inside = /hg_dashboard=([^;]+)/.exec(enter.headers.get('set-cookie') ?? '')![1]!
    expect(await (await web.get('/cases/1', inside)).text()).toContain('下水道')
  })
})
