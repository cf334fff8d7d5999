import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../bot/clock.js'
import { fireJob } from '../../bot/schedule/scheduler.js'
import { homeVisits } from '../../schedules/home-visits.js'
import { branchMeeting, jointMeetingAgenda } from '../../schedules/monthly-meetings.js'
import { starRating } from '../../schedules/star-rating.js'
import { weeklyDigest } from '../../schedules/weekly-digest.js'
import { Harness } from '../support/harness.js'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

// The station's rhythm on a fixed clock: two weeks of reports in November 2026, then the weekly
// 五+X digest, home visits, the monthly meetings and the year's stars, each fired at its time.
describe('the station’s weekly, monthly and yearly rhythm', () => {
  let h: Harness
  const at = (iso: string) => h.clock.set(`${iso}+08:00`)
  const fire = async (job: Parameters<typeof fireJob>[0], iso: string) => {
    at(iso)
    const outcome = await fireJob(job, h.app.jobDeps, h.clock.now())
    await h.settle()
    return outcome
  }
  const numberOf = (ack: string) => Number(/#(\d+)/.exec(ack)![1])
  let lamp: number
  let leak: number
  let garbage: number

  beforeAll(async () => {
    h = await Harness.start({ clock: new ManualClock('2026-11-02T10:00:00+08:00') })
    // Week of 2 November: the stairwell light in 3栋, raised by two residents.
    lamp = numberOf(await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮了，晚上上下楼很危险'))
    at('2026-11-02T11:00:00')
    await h.ask('刘叔叔', '3栋业主群', `我也是 #${lamp}`)
    at('2026-11-03T09:00:00')
    await h.ask('物业小王', '物业工作群', `完成 #${lamp} 已更换灯泡`)
    // Week of 9 November: rubbish at 12号楼, raised by three residents; a leak in 3栋1单元501.
    at('2026-11-10T08:00:00')
    garbage = numberOf(await h.ask('陈小美', '12号楼邻里群', '12号楼门口的垃圾桶满了好几天没人清运，味道很大'))
    at('2026-11-10T09:00:00')
    await h.ask('周大爷', '12号楼邻里群', `我也是 #${garbage}`)
    await h.ask('吴老师', '12号楼邻里群', `+1 #${garbage}`)
    at('2026-11-11T09:00:00')
    leak = numberOf(await h.ask('盛阿姨', '3栋业主群', '3栋1单元501家里厨房水管漏水了，麻烦物业来看看'))
    at('2026-11-12T09:00:00')
    await h.ask('物业小王', '物业工作群', `完成 #${leak} 已换阀门`)
    await h.ask('盛阿姨', '3栋业主群', `评价 #${leak} 不满意`)
  })
  afterAll(async () => {
    await h.stop()
  })

  it('gives the secretary, on Monday, last week’s most-raised issue, the progress of the week before, and a chart', async () => {
    // The supervision sweep runs every minute of real time; run it here, so the lamp case nobody
    // rated has timed out before the digest whenever the minute falls.
    at('2026-11-16T08:59:00')
    await h.app.sweep()
    await h.settle()
    const before = h.botLines('彭书记').length
    const inGroups = h.botLines().filter((l) => l.roomId).length
    expect(await fire(weeklyDigest('0 9 * * 1'), '2026-11-16T09:00:00')).toBe('sent')
    const [digest, chart] = h.botLines('彭书记').slice(before)
    expect(digest!.text).toMatch(/^【五\+X 周报】淝南社区/)
    expect(digest!.text).toContain(`1. 12栋 环境卫生：3 人次反映，1 件工单（#${garbage}）`)
    expect(digest!.text).not.toMatch(/\n2\. /)
    expect(digest!.text).toContain(`前一周议题的进展：\n· 3栋 电力照明（#${lamp}）：已评价 1 件`)
    expect(digest!.text).toContain('【上周民情】11月9日（周一）起一周')
    expect(digest!.text).not.toContain('501')
    expect(chart!.file?.name).toBe('weekly-2026-11-16.png')
    expect(chart!.file!.data.subarray(0, 8)).toEqual(PNG_SIGNATURE)
    expect(chart!.file!.data.length).toBeGreaterThan(20_000)
    expect(h.botLines().filter((l) => l.roomId)).toHaveLength(inGroups)
  })

  it('lists the households for each building head to visit, and 走访 records a visit', async () => {
    await h.ask('赵楼长', null, '独居 3栋2单元302')
    expect(await fire(homeVisits('0 9 1,16 * *'), '2026-11-16T09:00:00')).toBe('sent')
    // The minute's supervision sweep may have reminded him of an overdue case meanwhile: the visit list is the last of its kind.
    const visitList = () => h.botLines('赵楼长').map((l) => l.text).filter((t) => t.startsWith('【入户走访】')).at(-1)!
    const list = visitList()
    expect(list).toMatch(/^【入户走访】赵楼长您好/)
    expect(list).toContain('3栋2单元302：独居')
    expect(list).toContain(`3栋1单元501：#${leak} 评价不满意；#${leak} 给排水（处理中，盛**反映）`)
    expect(list).not.toContain('12栋')
    const recorded = await h.ask('赵楼长', null, '走访 3栋1单元501 阿姨说厨房还在滴水，血压也有点高')
    expect(recorded).toContain('已记录走访：3栋1单元501，11月16日（周一）')
    expect(recorded).toContain(`该户还有未办结的工单：#${leak} 给排水（处理中）`)
    expect(recorded).not.toContain('血压')
    const visit = await h.db.visit.findFirstOrThrow()
    expect(visit).toMatchObject({ building: '3', unit: '1', room: '501', visitorName: '赵楼长', note: '阿姨说厨房还在滴水，血压也有点高' })
    // On 1 December: 501 was visited after its case and rating; 302, living alone, is due again.
    expect(await fire(homeVisits('0 9 1,16 * *'), '2026-12-01T09:00:00')).toBe('sent')
    const next = visitList()
    expect(next).toContain('3栋2单元302：独居')
    expect(next).not.toContain('3栋1单元501：')
  })

  it('keeps visit notes out of groups and hints at what a malformed command needs', async () => {
    await h.ask('赵楼长', null, '独居 3栋2单元302')
    const inGroup = await h.ask('赵楼长', '3栋业主群', '走访 3栋2单元302 老人住院了')
    expect(inGroup).toContain('已记录一次走访')
    expect(inGroup).toContain('下次请私聊')
    for (const secret of ['302', '独居', '住院']) expect(inGroup).not.toContain(secret)
    const flagged = await h.ask('赵楼长', '3栋业主群', '独居 3栋1单元401')
    expect(flagged).toContain('已标记')
    for (const secret of ['401', '独居户']) expect(flagged).not.toContain(secret)
    expect(await h.db.household.count({ where: { room: '401', livingAlone: true } })).toBe(1)
    expect(await h.db.visit.count({ where: { room: '302', note: '老人住院了' } })).toBe(1)
    expect(await h.ask('赵楼长', null, '走访 老人挺好')).toContain('请写明门牌和走访情况，例如：走访 3栋2单元501')
  })

  it('treats a resident starting with 独居 as a report, not a refused command', async () => {
    const answer = await h.ask('刘叔叔', '3栋业主群', '独居 老人家里的灯坏了好几天，3栋2单元302')
    expect(answer).not.toContain('抱歉')
    expect(answer).toMatch(/#\d+/)
  })

  it('puts the joint-meeting agenda in the staff group: cases sent for discussion and escalated ones, without rooms', async () => {
    at('2026-11-18T09:00:00')
    await h.ask('物业小王', '物业工作群', `议 #${leak}`)
    at('2026-11-19T09:00:00')
    await h.app.sweep()
    expect(await fire(jointMeetingAgenda('0 9 20 * *'), '2026-11-20T09:00:00')).toBe('sent')
    const agenda = h.botLines('物业工作群').at(-1)!.text
    expect(agenda).toMatch(/^【联席会议议程】11月联席会议/)
    expect(agenda).toContain(`一、提交协商的事项（1 件）：\n· #${leak} 给排水｜3栋1单元｜物业｜协商中`)
    expect(agenda).toMatch(new RegExp(`二、逾期升级、仍未办结的工单（\\d+ 件）：[\\s\\S]*#${garbage} 环境卫生｜12栋`))
    expect(agenda).not.toContain('501')
  })

  it('reminds the secretary of the branch meeting with last month’s report and chart', async () => {
    const before = h.botLines('彭书记').length
    expect(await fire(branchMeeting('0 9 1 * *'), '2026-12-01T09:00:00')).toBe('sent')
    const [reminder, chart] = h.botLines('彭书记').slice(before)
    expect(reminder!.text).toMatch(/^【支部会议提醒】/)
    expect(reminder!.text).toContain('【11月民情月报】11月1日（周日）起一个月')
    expect(reminder!.text).toContain('新增 3 件｜办结 1 件')
    expect(reminder!.text).toContain('待联席会议协商的工单 1 件')
    expect(chart!.file?.name).toBe('monthly-2026-12.png')
  })

  it('rates buildings and volunteers at the year’s end, naming no resident', async () => {
    at('2026-11-21T08:30:00')
    await h.ask('赵楼长', '红周六志愿者群', '签到')
    at('2026-11-21T13:30:00')
    await h.ask('赵楼长', '红周六志愿者群', '签退')
    expect(await fire(starRating('0 10 31 12 *'), '2026-12-31T10:00:00')).toBe('sent')
    const buildings = h.botLines('红管家服务驿站').at(-1)!.text
    expect(buildings).toMatch(/^【2026 年度楼栋星级】/)
    expect(buildings).toMatch(/· 3栋 [★☆]{5}（3 件，综合 \d+%）/)
    expect(buildings).toContain('工单少于 3 件、暂不评星：12栋')
    for (const name of ['盛', '刘叔叔', '陈小美', '周大爷']) expect(buildings).not.toContain(name)
    const volunteers = h.botLines('红周六志愿者群').at(-1)!.text
    expect(volunteers).toContain('【2026 年度志愿者星级】')
    expect(volunteers).toContain('· 赵楼长 ★★☆☆☆（5 小时，到场 1 次）')
  })
})
