import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness, sleep, until } from '../support/harness.js'

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
    expect(lines.map((l) => [l.name, l.status])).toEqual([['老刘', 'signed'], ['吴老师', 'signed'], ['小美', 'signed'], ['老周', 'waiting']])
    expect(lines.map((l) => l.contactId)).toEqual([h.personId('刘叔叔'), h.personId('吴老师'), h.personId('陈小美'), h.personId('周大爷')])
    const inGroup = h.botLines(GROUP)
    expect(inGroup).toHaveLength(1)
    expect(inGroup[0]!.text).toContain('已满 3 人，候补：老周')
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
    for (const name of ['刘叔叔', '吴老师', '陈小美']) {
      const reminders = privateTo(name, /明天有志愿活动/)
      expect(reminders, name).toHaveLength(1)
      expect(reminders[0]!.text).toContain('11月22日（周日） 09:00')
      expect(reminders[0]!.text).toContain('组织人：赵楼长')
    }
    expect(privateTo('周大爷', /明天有志愿活动/)).toHaveLength(0)
  })

  it('takes off a volunteer who answers 来不了, gives the place to the first waiting, and tells the organiser', async () => {
    expect(await h.ask('吴老师', null, '来不了')).toContain('已经把您从「')
    await until(() => privateTo('周大爷', /您从候补补上了/).length === 1, 'the waiting volunteer is told they are in')
    await until(() => privateTo('赵楼长', /吴老师来不了/).length === 1, 'the organiser is told')
    expect(privateTo('赵楼长', /吴老师来不了/)[0]!.text).toContain('候补的老周补上了。现在 3/3 人')
    const lines = await h.db.activitySignup.findMany({ orderBy: { id: 'asc' } })
    expect(lines.map((l) => l.status)).toEqual(['signed', 'withdrawn', 'signed', 'signed'])
    // The one who came in from the waiting list is reminded on the day with the others.
    h.clock.set('2026-11-22T07:30:00+08:00')
    await h.app.sweep()
    await h.settle()
    expect(privateTo('周大爷', /今天有志愿活动/)).toHaveLength(1)
    expect(privateTo('吴老师', /今天有志愿活动/)).toHaveLength(0)
  })

  it('leaves a resident\'s own 接龙 alone: no activity, no report, no answer', async () => {
    h.clock.set('2026-11-23T10:00:00+08:00')
    const before = h.botLines('3栋业主群').length
    h.say('盛阿姨', '3栋业主群', '#接龙\n团购砂糖橘 周三到货\n1. 盛阿姨 两箱')
    await h.settle()
    await sleep(300)
    expect(h.botLines('3栋业主群')).toHaveLength(before)
    expect(await h.db.activity.count()).toBe(1)
    expect(await h.db.case.count()).toBe(0)
  })
})
