import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dashboardClient } from '../support/dashboard-client.js'
import { Harness, sleep, testConfig, until } from '../support/harness.js'

const GROUP = '红周六志愿者群'
const TITLE = '周日上午9点 帮独居老人搬煤气罐 限3人'
const jielong = (...names: string[]) => ['#接龙', TITLE, '', '例 张红', ...names.map((n, i) => `${i + 1}. ${n}`)].join('\n')

// A 接龙 in the volunteers group through the real Wechaty stack, on the fake clock (Friday
// 20 November 2026, 10:00): staff post it, residents add their lines, places are kept, each
// volunteer is reminded privately the evening before, and a place freed by 来不了 goes to the waiting list.
describe('activities read from a 接龙', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  const privateTo = (name: string, pattern: RegExp) => h.botLines(name).filter((l) => pattern.test(l.text))
  /** Who ended up waiting, and who took the last place, of the two who added themselves at once. */
  let waiter = ''
  let late = ''

  it('makes the organiser\'s 接龙 an activity, signs up each sender by their account, and keeps the places', async () => {
    h.say('赵楼长', GROUP, jielong())
    await until(() => privateTo('赵楼长', /已把接龙记成志愿活动/).length === 1, 'the organiser is told the activity was noted')
    expect(privateTo('赵楼长', /已把接龙记成志愿活动/)[0]!.text).toContain('11月22日（周日） 09:00，3 个名额')
    h.say('刘叔叔', GROUP, jielong('老刘'))
    await h.settle()
    h.say('吴老师', GROUP, jielong('老刘', '吴老师'))
    await h.settle()
    // Two people add themselves to the same copy at once; then a fourth when the places are taken.
    h.say('陈小美', GROUP, jielong('老刘', '吴老师', '小美'))
    h.say('周大爷', GROUP, jielong('老刘', '吴老师', '老周'))
    await h.settle()
    const lines = await h.db.activitySignup.findMany({ orderBy: { id: 'asc' } })
    // Of the two at once, whichever was handled first has the last place.
    const [last, waiting] = lines[2]!.name === '小美' ? [['小美', '陈小美'], ['老周', '周大爷']] : [['老周', '周大爷'], ['小美', '陈小美']]
    waiter = waiting[1]!
    late = last[1]!
    expect(lines.map((l) => [l.name, l.status])).toEqual([['老刘', 'signed'], ['吴老师', 'signed'], [last[0], 'signed'], [waiting[0], 'waiting']])
    expect(lines.map((l) => l.contactId)).toEqual([h.personId('刘叔叔'), h.personId('吴老师'), h.personId(last[1]!), h.personId(waiting[1]!)])
    const inGroup = h.botLines(GROUP)
    expect(inGroup).toHaveLength(1)
    expect(inGroup[0]!.text).toContain(`已满 3 人，候补：${waiting[0]}`)
    // Nobody's line was read as a report.
    expect(await h.db.case.count()).toBe(0)
  })

  it('reminds each volunteer privately the evening before, once, and not the one waiting', async () => {
    h.clock.set('2026-11-21T18:59:00+08:00')
    await h.app.sweep()
    await h.settle()
    expect(privateTo('刘叔叔', /明天有志愿活动/)).toHaveLength(0)
    h.clock.set('2026-11-21T19:00:00+08:00')
    await h.app.sweep()
    await h.app.sweep()
    await h.settle()
    for (const name of ['刘叔叔', '吴老师', late]) {
      const reminders = privateTo(name, /明天有志愿活动/)
      expect(reminders, name).toHaveLength(1)
      expect(reminders[0]!.text).toContain('11月22日（周日） 09:00')
      expect(reminders[0]!.text).toContain('组织人：赵楼长')
    }
    expect(privateTo(waiter, /明天有志愿活动/)).toHaveLength(0)
    // A volunteer answers the reminder: the organiser sees it on the dashboard.
    expect(await h.ask('刘叔叔', null, '收到')).toContain('到时见')
    expect((await h.db.activitySignup.findFirstOrThrow({ where: { contactId: h.personId('刘叔叔') } })).confirmedAt).not.toBeNull()
  })

  it('sends no reminder twice when a second process checks too', async () => {
    const second = await Harness.start({ databaseUrl: h.databaseUrl, wechat: h.wechat, clock: h.clock, standby: true })
    try {
      await second.app.sweep()
      await h.app.sweep()
      await h.settle()
      for (const name of ['刘叔叔', '吴老师', late]) expect(privateTo(name, /明天有志愿活动/), name).toHaveLength(1)
      expect(await h.db.outboxMessage.count({ where: { dedupeKey: { contains: ':eve:' } } })).toBe(3)
    } finally {
      await second.stop({ keepWeChat: true })
    }
  })

  it('takes off a volunteer who answers 来不了, offers the place to the first waiting, and tells the organiser who is coming', async () => {
    expect(await h.ask('吴老师', null, '来不了')).toContain('已经把您从「')
    await until(() => privateTo(waiter, /有空位了/).length === 1, 'the waiting volunteer is offered the place')
    await until(() => privateTo('赵楼长', /吴老师来不了/).length === 1, 'the organiser is told')
    expect(privateTo('赵楼长', /吴老师来不了/)[0]!.text).toContain('现在 2/3 人')
    expect(await h.ask(waiter, null, '来')).toContain('给您留了位置')
    await until(() => privateTo('赵楼长', /候补的.*补上了/).length === 1, 'the organiser is told who is coming')
    expect(privateTo('赵楼长', /候补的.*补上了/)[0]!.text).toContain('现在 3/3 人')
    const lines = await h.db.activitySignup.findMany({ orderBy: { id: 'asc' } })
    expect(lines.map((l) => l.status)).toEqual(['signed', 'withdrawn', 'signed', 'signed'])
    // The one who came in from the waiting list is reminded on the day with the others.
    h.clock.set('2026-11-22T07:30:00+08:00')
    await h.app.sweep()
    await h.settle()
    expect(privateTo(waiter, /今天有志愿活动/)).toHaveLength(1)
    expect(privateTo('吴老师', /今天有志愿活动/)).toHaveLength(0)
  })

  it('asks the building\'s staff about a resident\'s 接龙 that names a day and a need, and makes it an activity on their 同意', async () => {
    h.clock.set('2026-11-23T09:00:00+08:00')
    h.say('盛阿姨', '3栋业主群', '#接龙\n周三上午 帮3栋的独居老人打扫楼道 需要4人\n1. 盛阿姨')
    await until(() => privateTo('赵楼长', /盛在「3栋业主群」发起了接龙/).length === 1, 'the building head is asked')
    const asked = privateTo('赵楼长', /发起了接龙/)[0]!.text
    const id = Number(/同意 #(\d+)/.exec(asked)![1])
    h.say('刘叔叔', '3栋业主群', '#接龙\n周三上午 帮3栋的独居老人打扫楼道 需要4人\n1. 盛阿姨\n2. 老刘')
    await h.settle()
    expect(await h.db.activity.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'proposed', places: 4 })
    expect(h.botLines('3栋业主群')).toEqual([])
    // Not yet an activity: nobody is reminded.
    h.clock.set('2026-11-24T19:00:00+08:00')
    await h.app.sweep()
    await h.settle()
    expect(privateTo('刘叔叔', /明天有志愿活动「.*打扫楼道/)).toHaveLength(0)
    expect(await h.ask('赵楼长', null, '同意')).toContain(`已把接龙记成志愿活动 #${id}`)
    await until(() => privateTo('盛阿姨', /驿站已经同意/).length === 1, 'the proposer is told')
    await h.app.sweep()
    await until(() => privateTo('刘叔叔', /明天有志愿活动「.*打扫楼道/).length === 1, 'the volunteers are reminded now')
    expect(await h.ask('赵楼长', null, '同意')).toContain('现在没有等待同意的接龙')
  })

  it('leaves a resident\'s own 接龙 alone: no activity, no report, no answer', async () => {
    h.clock.set('2026-11-25T10:00:00+08:00')
    const activities = await h.db.activity.count()
    const before = h.botLines('3栋业主群').length
    h.say('盛阿姨', '3栋业主群', '#接龙\n团购砂糖橘 周三到货\n1. 盛阿姨 两箱')
    await h.settle()
    await sleep(300)
    expect(h.botLines('3栋业主群')).toHaveLength(before)
    expect(await h.db.activity.count()).toBe(activities)
    expect(await h.db.case.count()).toBe(0)
  })
})

// Activities made with the 活动 command: sign-up by number, an offer not taken in time goes to the
// next, a short-staffed activity alerts its organiser once, and a cancellation tells everyone once.
describe('activities made in chat', () => {
  let h: Harness
  beforeAll(async () => {
    const config = testConfig()
    h = await Harness.start({ config: { ...config, activities: { ...config.activities, shortAlertToStation: true } } })
  })
  afterAll(async () => {
    await h.stop()
  })
  const privateTo = (name: string, pattern: RegExp) => h.botLines(name).filter((l) => pattern.test(l.text))

  it('makes an activity from one line, with a short hint when the time is missing', async () => {
    expect(await h.ask('彭书记', null, '活动 驿站门口 给老人理发')).toContain('时间必填')
    const made = await h.ask('彭书记', '红周六志愿者群', '活动 周六9:00 驿站门口 给老人理发 2人 会理发 3栋')
    expect(made).toMatch(/已发起活动 #1：给老人理发（11月21日（周六） 09:00，驿站门口，服务3栋，2 个名额，要会理发）/)
    // A resident who starts with the word is talking, not refused.
    h.say('盛阿姨', '3栋业主群', '活动 结束了没人收拾桌椅')
    await h.settle()
    expect(h.botLines('3栋业主群').filter((l) => /工作人员身份/.test(l.text))).toEqual([])
  })

  it('signs up by number, waits beyond the places, and offers a freed place to the next when one is not taken in time', async () => {
    expect(await h.ask('吴老师', '红周六志愿者群', '报名 #1')).toContain('报名成功')
    expect(await h.ask('吴老师', '红周六志愿者群', '报名 #1')).toContain('已经报名了')
    expect(await h.ask('刘叔叔', '红周六志愿者群', '报名 #1')).toContain('报名成功')
    expect(await h.ask('陈小美', '红周六志愿者群', '报名 #1')).toContain('排进候补')
    expect(await h.ask('周大爷', '红周六志愿者群', '报名 #1')).toContain('排进候补')
    // 请假 is 来不了 said another way.
    expect(await h.ask('刘叔叔', null, '请假')).toContain('已经把您从「给老人理发」')
    await until(() => privateTo('陈小美', /有空位了/).length === 1, 'the first waiting is offered the place')
    // Two hours without an answer: the offer lapses and the next is asked.
    h.clock.set('2026-11-20T12:01:00+08:00')
    await h.app.sweep()
    await until(() => privateTo('周大爷', /有空位了/).length === 1, 'the next waiting is offered the place')
    expect(await h.ask('陈小美', null, '来')).toContain('没有给您留的空位')
    expect(await h.ask('周大爷', null, '来')).toContain('给您留了位置')
  })

  it('alerts the organiser once when an activity a day away is short of volunteers', async () => {
    await h.ask('彭书记', null, '活动 周日下午2点 小区花园 捡垃圾 限3人')
    await h.ask('吴老师', null, '报名 #2')
    h.clock.set('2026-11-22T13:59:00+08:00')
    await h.app.sweep()
    await h.app.sweep()
    await h.settle()
    const alerts = privateTo('彭书记', /「捡垃圾」.*现在只报了 1 人/)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.text).toContain('要 3 人')
    // The station group is asked too, as this community's file says.
    const station = h.botLines('红管家服务驿站').filter((l) => /「捡垃圾」.*现在只报了 1 人/.test(l.text))
    expect(station).toHaveLength(1)
    expect(station[0]!.text).toContain('报名 #2')
  })

  it('cancels an activity and tells each one signed up or waiting, privately and once', async () => {
    h.clock.set('2026-11-20T14:00:00+08:00')
    expect(await h.ask('赵楼长', null, '取消活动 #1 理发师傅生病了')).toContain('只有发起人或书记')
    expect(await h.ask('彭书记', null, '取消活动 #1 理发师傅生病了')).toContain('已私信告诉报名的 2 人')
    expect(await h.ask('彭书记', null, '取消活动 #1')).toContain('已经取消过了')
    await h.settle()
    for (const name of ['吴老师', '周大爷']) expect(privateTo(name, /取消了，原因：理发师傅生病了/), name).toHaveLength(1)
    expect(privateTo('陈小美', /取消了/)).toHaveLength(0)
    expect(await h.db.activity.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ state: 'cancelled' })
  })

  it('changes an activity\'s time, place and places, and tells those signed up of a new time or place', async () => {
    expect(await h.ask('赵楼长', null, '改活动 #2 周日下午3点')).toContain('只有发起人或书记')
    const changed = await h.ask('彭书记', null, '改活动 #2 周日下午3点 西门广场 限4人')
    expect(changed).toContain('已修改活动 #2：捡垃圾（11月22日（周日） 15:00，西门广场，4 个名额）')
    expect(changed).toContain('已私信告诉报名的 1 人')
    await until(() => privateTo('吴老师', /「捡垃圾」时间改为11月22日（周日） 15:00，地点改为西门广场/).length === 1, 'the volunteer is told')
    expect(await h.db.activity.findUniqueOrThrow({ where: { id: 2 } })).toMatchObject({ places: 4, place: '西门广场' })
  })
})

// Attendance at an activity: 签到 and 签退 credit the hours, 我的时长 shows them privately, and a
// no-show is counted for the secretaries only.
describe('attendance and hours across activities', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('credits the time from 签到 to 签退 at the activity of the day, and counts a no-show without posting it', async () => {
    expect(await h.ask('彭书记', '红周六志愿者群', '活动 今天下午2点 驿站 包饺子 限5人')).toContain('已发起活动 #1')
    await h.ask('吴老师', '红周六志愿者群', '报名 #1')
    await h.ask('刘叔叔', '红周六志愿者群', '报名 #1')
    h.clock.set('2026-11-20T14:02:00+08:00')
    expect(await h.ask('吴老师', '红周六志愿者群', '签到')).toContain('签到成功：「包饺子」')
    h.clock.set('2026-11-20T16:32:00+08:00')
    expect(await h.ask('吴老师', '红周六志愿者群', '签退')).toContain('本次服务 2 小时 30 分钟，累计 2 小时 30 分钟')
    h.clock.set('2026-11-21T09:00:00+08:00')
    const mine = await h.ask('吴老师', null, '我的时长')
    expect(mine).toContain('参加志愿服务 1 次，共 2 小时 30 分钟')
    expect(mine).toContain('11月20日（周五） 包饺子 2 小时 30 分钟')
    const ranking = await h.ask('彭书记', null, '志愿时长')
    expect(ranking).toContain('吴老师 2 小时 30 分钟｜到场 1 次')
    expect(ranking).toContain('刘叔叔 0 分钟｜到场 0 次｜报名未到 1 次')
    expect(h.botLines('红周六志愿者群').filter((l) => /未到/.test(l.text))).toEqual([])
    expect(await h.ask('刘叔叔', null, '我的时长')).toContain('还没有签到过的志愿服务')
  })

  it('sends a 志愿服务证明 as a picture on request', async () => {
    const before = h.botLines('吴老师').length
    expect(await h.ask('吴老师', null, '我的时长 证明')).toContain('志愿服务证明见下图')
    await until(() => h.botLines('吴老师').slice(before).some((l) => l.file), 'the certificate picture is sent')
    const picture = h.botLines('吴老师').slice(before).find((l) => l.file)!.file!
    expect(picture.name).toBe('volunteer-2026.png')
    expect([...picture.data.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(picture.data.length).toBeGreaterThan(5000)
  })
})

// A care errand handed to the volunteers of its building: asked privately without the address,
// taken by the first 接单, the reporter's group told who is coming, 完成 by the volunteer resolves
// it and credits the time.
describe('care cases handed to volunteers', () => {
  let h: Harness
  beforeAll(async () => {
    const config = testConfig()
    config.members.push(
      { id: 'wxid_wu_laoshi', name: '吴老师', roles: ['volunteer'], buildings: ['3'] },
      { id: 'wxid_liu_shushu', name: '刘叔叔', roles: ['volunteer'], buildings: ['3'] },
    )
    h = await Harness.start({ config })
  })
  afterAll(async () => {
    await h.stop()
  })
  const privateTo = (name: string, pattern: RegExp) => h.botLines(name).filter((l) => pattern.test(l.text))

  it('is offered to the building\'s volunteers, taken by the first, and credited when they finish it', async () => {
    const ack = await h.ask('盛阿姨', '3栋业主群', '我家老人腿脚不方便下不了楼，想请人帮忙买点菜送上来，3栋2单元501')
    const number = Number(/#(\d+)/.exec(ack)![1])
    expect(await h.ask('彭书记', null, `派给志愿者 #${number} 帮老人买菜送上楼`)).toContain('已私信问了 3 位志愿者')
    await until(() => privateTo('吴老师', /有一件事想请志愿者帮忙/).length === 1 && privateTo('刘叔叔', /有一件事想请志愿者帮忙/).length === 1, 'the building\'s volunteers are asked')
    const offer = privateTo('吴老师', /有一件事想请志愿者帮忙/)[0]!.text
    expect(offer).toContain('帮老人买菜送上楼（3栋）')
    expect(offer).not.toContain('501')

    const before = h.botLines('3栋业主群').length
    const details = await h.ask('吴老师', null, `接单 #${number}`)
    expect(details).toContain('3栋2单元501')
    await until(() => h.botLines('3栋业主群').length > before, 'the reporter\'s group hears who is coming')
    expect(h.botLines('3栋业主群').at(-1)!.text).toContain(`#${number} 已受理，由志愿者吴老师处理`)
    expect(await h.ask('刘叔叔', null, `接单 #${number}`)).toContain('已经有志愿者接了')

    h.clock.advance(50 * 60_000)
    expect(await h.ask('吴老师', null, `完成 #${number} 菜已经送到家了`)).toContain('本次记志愿服务 50 分钟')
    expect(await h.db.case.findFirstOrThrow({ where: { number } })).toMatchObject({ state: 'resolved', assigneeId: 'wxid_wu_laoshi' })
    await until(() => h.botLines('3栋业主群').some((l) => l.text.includes(`#${number} 已办结：菜已经送到家了`)), 'the reporter\'s group is asked to rate it')
    expect(await h.ask('吴老师', null, '我的时长')).toContain(`助老帮扶 #${number} 50 分钟`)
    // A volunteer cannot finish someone else's case.
    expect(await h.ask('刘叔叔', null, `完成 #${number} 好了`)).toMatch(/工作人员身份/)
  })
})

// The dashboard's 活动 page: made and cancelled through the chat's own commands, places and the
// waiting list, who came and who did not, and this year's hours as CSV with phones by role.
describe('the 活动 page', () => {
  let h: Harness
  beforeAll(async () => {
    const config = testConfig()
    config.members.push({ id: 'wxid_wu_laoshi', name: '吴老师', roles: ['volunteer'], buildings: ['3'], phone: '13812345678' })
    h = await Harness.start({ config })
  })
  afterAll(async () => {
    await h.stop()
  })

  const page = async (cookie: string) => (await dashboardClient(h).get('/activities', cookie)).text()
  /** Posts a form of the page: the one whose action is `action`, with `fields` filled in. */
  const post = async (cookie: string, action: string, fields: Record<string, string>) => {
    const html = await page(cookie)
    const at = html.indexOf(`action="${action}"`)
    const form = html.slice(at, html.indexOf('</form>', at))
    const hidden = { _csrf: /name="_csrf" value="([^"]+)"/.exec(form)![1]!, nonce: /name="nonce" value="([^"]+)"/.exec(form)![1]! }
    const response = await fetch(`${h.app.dashboard!.url}${action}`, { method: 'POST', headers: { cookie: `hg_dashboard=${cookie}` }, body: new URLSearchParams({ ...hidden, ...fields }), redirect: 'manual' })
    expect(response.status).toBe(303)
    return page(cookie)
  }

  it('shows places, the waiting list, attendance and no-shows, and exports the hours with phones only secretaries read whole', async () => {
    const secretary = await dashboardClient(h).cookieOf('彭书记')
    const made = await post(secretary, '/activities', { text: '今天下午2点 驿站 包饺子 限2人' })
    expect(made).toContain('已发起活动 #1')
    await h.ask('吴老师', null, '报名 #1')
    await h.ask('刘叔叔', null, '报名 #1')
    await h.ask('周大爷', null, '报名 #1')
    expect(await h.ask('吴老师', null, '收到')).toContain('到时见')
    const upcoming = await page(secretary)
    expect(upcoming).toContain('2/2：吴老师✓、刘叔叔')
    expect(upcoming).toMatch(/<td>周大爷<\/td>/)
    h.clock.set('2026-11-20T14:00:00+08:00')
    await h.ask('吴老师', null, '签到')
    h.clock.set('2026-11-20T16:00:00+08:00')
    await h.ask('吴老师', null, '签退')
    h.clock.set('2026-11-21T09:00:00+08:00')
    // A new day: a new dashboard session.
    const nextDay = await dashboardClient(h).cookieOf('彭书记')
    const past = await page(nextDay)
    expect(past).toMatch(/<td>吴老师<\/td><td>刘叔叔<\/td><td>2\.0<\/td>/)

    const full = await (await dashboardClient(h).get('/activities/hours.csv?year=2026', nextDay)).text()
    expect(full).toContain('吴老师,13812345678,包饺子,2026-11-20,2.00')
    expect(full).not.toContain('刘叔叔')
    const property = await dashboardClient(h).cookieOf('物业小王')
    const masked = await (await dashboardClient(h).get('/activities/hours.csv?year=2026', property)).text()
    expect(masked).toContain('吴老师,')
    expect(masked).not.toContain('13812345678')
    expect(await h.db.auditLog.count({ where: { action: { in: ['dashboard-export', 'dashboard-export-full'] } } })).toBe(2)
  })

  it('changes and cancels an activity from the page, telling the volunteers privately', async () => {
    const secretary = await dashboardClient(h).cookieOf('彭书记')
    await post(secretary, '/activities', { text: '明天上午9点 小区花园 捡垃圾 限5人' })
    await h.ask('吴老师', null, '报名 #2')
    const edited = await post(secretary, '/activities/2/edit', { text: '明天上午10点' })
    expect(edited).toContain('已修改活动 #2')
    expect(edited).toContain('11月22日（周日） 10:00')
    await until(() => h.botLines('吴老师').some((l) => /「捡垃圾」时间改为11月22日（周日） 10:00/.test(l.text)), 'the volunteer is told of the new time')
    const after = await post(secretary, '/activities/2/cancel', { reason: '下雨' })
    expect(after).toContain('已取消活动 #2')
    await until(() => h.botLines('吴老师').some((l) => /「捡垃圾」.*取消了，原因：下雨/.test(l.text)), 'the volunteer is told')
  })
})
