import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'

const MIN = 60_000
const HOUR = 60 * MIN

// The case lifecycle (提→汇→议→办→督→示→评) through the real Wechaty stack and SQLite, on a
// fixed clock that starts on Friday 20 November 2026, 10:00 in Shanghai.

describe('history, routing and handler notices', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('tells the property staff group about a new repair case once, @-mentioning the handler', async () => {
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮了，麻烦物业看一下')
    await h.settle()
    const notices = h.botLines('物业工作群')
    expect(notices).toHaveLength(1)
    expect(notices[0]!.text).toContain('@物业小王')
    expect(notices[0]!.text).toMatch(/新工单 #1：电力照明｜3栋2单元/)
    expect(notices[0]!.text).toContain('11月20日 14:00 前受理')
    // Handling the same WeChat message again queues nothing new.
    expect(await h.db.outboxMessage.count({ where: { dedupeKey: { startsWith: 'case-' } } })).toBe(1)
  })

  it('routes disputes to the community (grid worker, privately), fees to the owners\' committee, errands to volunteers', async () => {
    await h.ask('刘叔叔', '3栋业主群', '和楼下因为漏水赔偿的事谈不拢，想请社区调解一下')
    await h.ask('周大爷', '12号楼邻里群', '物业费涨了也不公示，业委会能不能出来说明一下')
    await h.ask('陈小美', '12号楼邻里群', '我奶奶腿脚不方便，12号楼1单元302，想麻烦志愿者帮忙去药店买点降压药，电话13912345678')
    await h.settle()
    const cases = await h.db.case.findMany({ where: { number: { in: [2, 3, 4] } }, orderBy: { number: 'asc' } })
    expect(cases.map((c) => c.party)).toEqual(['社区', '业委会', '志愿者'])
    expect(h.botLines('网格员小李').map((l) => l.text).join('\n')).toContain('新工单 #2：邻里纠纷')
    expect(h.botLines('业委会孙主任').map((l) => l.text).join('\n')).toContain('新工单 #3：物业服务')
    // The volunteers' group is residents: the unit, masked words, and nothing it may not do (受理 is for staff).
    const volunteers = h.botLines('红周六志愿者群').map((l) => l.text).join('\n')
    expect(volunteers).toContain('有居民需要帮忙 #4：助老帮扶｜12栋1单元')
    expect(volunteers).toContain('药店买点降压药')
    for (const secret of ['302', '13912345678', '受理', '居民原话']) expect(volunteers).not.toContain(secret)
  })

  it('notifies the new party when a case is routed to it', async () => {
    await h.ask('网格员小李', null, '转派 #2 物业')
    await h.settle()
    const notices = h.botLines('物业工作群').map((l) => l.text)
    expect(notices.at(-1)).toMatch(/转派来的工单 #2：邻里纠纷/)
  })

  it('refuses an illegal move and changes nothing', async () => {
    await h.ask('物业小王', '物业工作群', '完成 #1 已更换灯泡')
    const answer = await h.ask('物业小王', '物业工作群', '受理 #1')
    expect(answer).toContain('目前是「已办结」，不能改为「已受理」')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('resolved')
  })

  it('shows the whole history to the reporter in the group and to staff in private, not to other residents', async () => {
    h.clock.advance(10 * MIN)
    const history = await h.ask('盛阿姨', '3栋业主群', '查询 #1 详情')
    expect(history).toContain('经过：')
    expect(history).toMatch(/盛\*\* 反映/)
    expect(history).toMatch(/物业小王 办结（待受理→已办结）：已更换灯泡/)
    expect(history).not.toContain('盛阿姨 反映')
    const forStaff = await h.ask('彭书记', null, '查询 #1 详情')
    expect(forStaff).toContain('盛阿姨 反映')
    const refused = await h.ask('刘叔叔', '3栋业主群', '查询 #1 详情')
    expect(refused).toContain('不是您反映的工单')
    const events = await h.db.caseEvent.findMany({ where: { caseRow: { number: 1 } }, orderBy: { id: 'asc' } })
    expect(events.map((e) => [e.action, e.fromState, e.toState])).toEqual([['reported', null, 'reported'], ['resolved', 'reported', 'resolved']])
  })

  it('accepts staff commands in the staff group and in private chat', async () => {
    const inGroup = await h.ask('物业小王', '物业工作群', '受理 #2')
    expect(inGroup).toContain('已受理 #2')
    const inPrivate = await h.ask('物业小王', null, '进展 #2 已约双方周六上午到驿站面谈')
    expect(inPrivate).toContain('#2 进展已记录')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 2 } })).state).toBe('in_progress')
  })
})

describe('supervision: overdue, escalation, the street list', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('marks an unaccepted urgent case overdue after 30 minutes and tells the building head', async () => {
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元电梯卡在5楼了，里面有人出不来')
    h.clock.advance(31 * MIN)
    await h.app.sweep()
    await h.settle()
    const c = await h.db.case.findFirstOrThrow({ where: { number: 1 } })
    expect(c.overdueAt).not.toBeNull()
    expect(c.escalationLevel).toBe(1)
    const head = h.botLines('赵楼长').map((l) => l.text)
    expect(head).toHaveLength(1)
    expect(head[0]).toMatch(/督办提醒（楼栋长）：#1 电梯｜3栋2单元｜待受理，已超过受理时限（11月20日 10:30）/)
    expect(h.botLines('网格员小李')).toHaveLength(0)
  })

  it('never repeats a step, then goes on to the grid worker and the secretary', async () => {
    await h.app.sweep()
    await h.settle()
    expect(h.botLines('赵楼长')).toHaveLength(1)
    h.clock.advance(15 * MIN)
    await h.app.sweep()
    await h.settle()
    expect(h.botLines('网格员小李').map((l) => l.text).join()).toContain('督办提醒（网格员）：#1')
    h.clock.advance(15 * MIN)
    await h.app.sweep()
    await h.settle()
    expect(h.botLines('彭书记').map((l) => l.text).join()).toContain('督办提醒（书记）：#1')
    expect(await h.db.caseEvent.count({ where: { action: 'escalated' } })).toBe(3)
    expect(await h.db.caseEvent.count({ where: { action: 'overdue' } })).toBe(1)
  })

  it('shows 逾期 in 待办, and clears the flag once the case is taken up in time for resolution', async () => {
    const todo = await h.ask('物业小王', null, '待办')
    expect(todo).toContain('#1 电梯｜3栋2单元｜待受理【逾期】')
    await h.ask('物业小王', null, '受理 #1')
    const c = await h.db.case.findFirstOrThrow({ where: { number: 1 } })
    expect(c).toMatchObject({ state: 'accepted', overdueAt: null, escalationLevel: 0 })
  })

  it('lists a case still open past twice its resolution time for the street in the summary', async () => {
    let summary = await h.ask('彭书记', null, '今日汇总')
    expect(summary).not.toContain('提请街道协调')
    h.clock.advance(49 * HOUR)
    summary = await h.ask('彭书记', null, '今日汇总')
    expect(summary).toContain('超过办结时限一倍仍未办结，提请街道协调：')
    expect(summary).toContain('· #1 电梯｜3栋2单元｜已受理')
  })

  it('gives low-urgency cases working days: a Friday suggestion must be answered by Monday', async () => {
    h.clock.set('2026-11-27T16:00:00+08:00')
    await h.ask('刘叔叔', '3栋业主群', '建议在小区门口加装一个快递柜')
    const c = await h.db.case.findFirstOrThrow({ where: { number: 2 } })
    expect(c.urgency).toBe('low')
    expect(c.respondBy).toEqual(new Date('2026-11-30T16:00:00+08:00'))
    expect(c.resolveBy).toEqual(new Date('2026-12-08T16:00:00+08:00'))
  })
})

describe('discussion, duplicates and ratings', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('merges a second report of the same problem: one case, two reporters, both hear the news', async () => {
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元电梯又坏了，按了没反应')
    const ack = await h.ask('刘叔叔', '3栋业主群', '电梯不动了，3栋2单元的，老人上下楼太难了')
    expect(ack).toContain('已合并到 #1')
    expect(ack).toContain('已有 2 位居民反映')
    expect(await h.db.case.count()).toBe(1)
    expect(await h.db.caseReporter.count({ where: { caseRow: { number: 1 } } })).toBe(2)
    const post = await h.ask('物业小王', null, '受理 #1', '3栋业主群')
    expect(post).toContain('@盛阿姨')
    expect(post).toContain('@刘叔叔')
  })

  it('tells a co-reporter in another group in that group', async () => {
    const ack = await h.ask('吴老师', '红管家服务驿站', '+1 #1')
    expect(ack).toContain('一起反映 #1')
    const post = await h.ask('物业小王', null, '进展 #1 维保公司下午两点到', '红管家服务驿站')
    expect(post).toContain('@吴老师')
    expect(post).toContain('#1 处理中：维保公司下午两点到')
  })

  it('does not merge a different flat or a different problem', async () => {
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元501卫生间漏水了')
    const other = await h.ask('刘叔叔', '3栋业主群', '3栋2单元602厨房水管漏水了')
    expect(other).toContain('已登记 #3')
    const lamp = await h.ask('刘叔叔', '3栋业主群', '3栋2单元楼道灯不亮了')
    expect(lamp).toContain('已登记 #4')
  })

  it('puts a big case on the joint meeting agenda with 议, and 议程 lists it', async () => {
    const post = await h.ask('彭书记', null, '议 #2 楼上楼下责任不清，需要物业和业委会一起商量', '3栋业主群')
    expect(post).toContain('#2 已提交社区、物业、业委会联席会议协商')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 2 } })).state).toBe('discussing')
    const agenda = await h.ask('网格员小李', null, '议程')
    expect(agenda).toContain('联席会议议程（1 件')
    expect(agenda).toContain('#2 给排水｜3栋2单元501室')
    const refused = await h.ask('盛阿姨', '3栋业主群', '议 #4')
    expect(refused).toMatch(/抱歉.*工作人员/)
  })

  it('reopens a case rated 不满意 and tells the handler and the secretary', async () => {
    await h.ask('物业小王', null, '完成 #4 已更换灯泡')
    await h.settle()
    const answer = await h.ask('刘叔叔', '3栋业主群', '评价 #4 不满意 换了还是不亮')
    expect(answer).toContain('#4 反映人对处理结果不满意，已重新打开')
    await h.settle()
    const c = await h.db.case.findFirstOrThrow({ where: { number: 4 } })
    expect(c.state).toBe('in_progress')
    expect(c.resolvedAt).toBeNull()
    expect(h.botLines('物业工作群').map((l) => l.text).join()).toContain('居民不满意，工单已重新打开 #4')
    expect(h.botLines('彭书记').map((l) => l.text).join()).toContain('#4（物业）反映人不满意，已重新打开。意见：换了还是不亮')
    expect((await h.db.rating.findFirstOrThrow({ where: { caseRow: { number: 4 } } })).score).toBe('unsatisfied')
  })

  it('closes a resolved case nobody rated within 3 days as 已评价 without a score', async () => {
    await h.ask('物业小王', null, '完成 #1 已更换控制板')
    h.clock.advance(3 * 24 * HOUR + MIN)
    await h.app.sweep()
    await h.settle()
    const c = await h.db.case.findFirstOrThrow({ where: { number: 1 }, include: { rating: true } })
    expect(c.state).toBe('rated')
    expect(c.rating).toBeNull()
    const late = await h.ask('盛阿姨', '3栋业主群', '评价 #1 满意')
    expect(late).toContain('已经评价过了')
  })
})

describe('the three rates, on cases with known outcomes', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('computes 响应率, 解决率 and 满意率 as the README defines them', async () => {
    const at = (time: string) => h.clock.set(`2026-11-16T${time}:00+08:00`) // Monday
    // Five urgent cases (30 minutes to accept, 24 hours to resolve), in different buildings so none merge.
    const report = async (time: string, who: string, group: string, text: string) => {
      at(time)
      await h.ask(who, group, text)
    }
    await report('09:00', '盛阿姨', '3栋业主群', '3栋2单元家里停水了，一点水都没有')
    await report('09:01', '陈小美', '12号楼邻里群', '12号楼1单元闻到一股煤气味')
    await report('09:02', '吴老师', '红管家服务驿站', '5栋楼道里冒烟了')
    await report('09:03', '刘叔叔', '3栋业主群', '3栋1单元电梯里困了人')
    await report('09:04', '周大爷', '12号楼邻里群', '12号楼3单元楼顶的广告牌要掉下来了')
    const staff = async (time: string, text: string) => {
      at(time)
      await h.ask('物业小王', null, text)
    }
    await staff('09:10', '受理 #1') // in time
    await staff('10:00', '受理 #2') // late
    // #3 is never accepted.
    await staff('09:20', '受理 #4') // in time
    await staff('09:25', '受理 #5') // in time
    await staff('12:00', '完成 #1 已恢复供水')
    await staff('13:00', '完成 #4 已救出')
    await staff('14:00', '完成 #5 已拆除')
    at('15:00')
    await h.ask('盛阿姨', '3栋业主群', '评价 #1 满意')
    await h.ask('刘叔叔', '3栋业主群', '评价 #4 不满意 等了太久')
    await staff('16:00', '完成 #2 已关阀检修')
    h.clock.set('2026-11-17T09:00:00+08:00')
    await h.ask('陈小美', '12号楼邻里群', '评价 #2 基本满意')
    // #5 is never rated: closed without a score after 3 days.
    h.clock.set('2026-11-19T14:01:00+08:00')
    await h.app.sweep()
    await h.settle()

    const summary = await h.ask('彭书记', null, '本周汇总')
    // 响应率: accepted in time (#1, #4, #5) ÷ due (all five) = 60%.
    // 解决率: resolved (#1, #2, #5; #4 was reopened) ÷ (resolved + open past deadline: #3, #4) = 3/5 = 60%.
    // 满意率: (满意 #1 + 基本满意 #2) ÷ rated (#1, #2, #4) = 67%; #5 is counted apart.
    expect(summary).toContain('新增 5 件')
    expect(summary).toContain('响应率 60%｜解决率 60%｜满意率 67%')
    expect(summary).toContain('另有 1 件办结后未评价、已自动结案，不计入满意率')
  })
})
