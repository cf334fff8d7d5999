import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../bot/clock.js'
import { fireJob } from '../../bot/schedule/scheduler.js'
import { redSaturdayReminder } from '../../schedules/red-saturday-reminder.js'
import { redSaturdayMorning, redSaturdayThanks } from '../../schedules/red-saturday-day.js'
import { moveOldRedSaturdays } from '../../handlers/volunteers/red-saturday-activity.js'
import { Harness, silentLog, testConfig, until } from '../support/harness.js'

// Red Saturday through the chat: sign-up, check-in and check-out with hours, no-shows and the
// secretaries' hours ranking. The clock starts on Friday 20 November 2026.
describe('volunteer hours', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
    await h.ask('赵楼长', '红周六志愿者群', '报名红周六 3栋')
    await h.ask('吴老师', '红周六志愿者群', '报名红周六')
  })
  afterAll(async () => {
    await h.stop()
  })

  it('counts the time from 签到 to 签退 and adds it up', async () => {
    h.clock.set('2026-11-21T08:30:00+08:00')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签到')).toContain('签到成功')
    h.clock.set('2026-11-21T10:45:00+08:00')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签退')).toContain('本次服务 2 小时 15 分钟，累计 2 小时 15 分钟')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签退')).toContain('已经签退过了')
    const row = await h.db.activitySignup.findFirstOrThrow({ where: { contactId: 'wxid_zhao_3dong', checkedOutAt: { not: null } } })
    expect(row.minutes).toBe(135)
  })

  it('asks someone who never checked in to check in first', async () => {
    expect(await h.ask('刘叔叔', '红周六志愿者群', '签退')).toContain('请先发「签到」')
  })

  it('ranks this year\'s hours for secretaries, with sign-ups that did not come', async () => {
    h.clock.set('2026-11-27T10:00:00+08:00')
    await h.ask('赵楼长', '红周六志愿者群', '报名红周六 3栋')
    h.clock.set('2026-11-28T09:00:00+08:00')
    await h.ask('赵楼长', '红周六志愿者群', '签到')
    h.clock.set('2026-11-28T10:00:00+08:00')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签退')).toContain('累计 3 小时 15 分钟')
    h.clock.set('2026-11-29T09:00:00+08:00')
    const ranking = await h.ask('彭书记', null, '志愿时长')
    expect(ranking).toContain('2026 年志愿服务时长')
    expect(ranking).toContain('1. 赵楼长 3 小时 15 分钟｜到场 2 次')
    expect(ranking).toContain('2. 吴老师 0 分钟｜到场 0 次｜报名未到 1 次')
    expect(await h.ask('盛阿姨', '3栋业主群', '志愿时长')).toMatch(/抱歉.*书记/)
  })
})

describe('Red Saturday day jobs', () => {
  let h: Harness
  const deps = () => ({ db: h.db, sql: h.app.database.sql, community: h.app.community, clock: h.clock, log: silentLog, onQueued: () => h.app.sender.kick() })
  beforeAll(async () => {
    h = await Harness.start()
    await h.ask('赵楼长', '红周六志愿者群', '报名红周六 3栋')
    await h.ask('吴老师', '红周六志愿者群', '报名红周六 12栋')
    await h.ask('刘叔叔', '红周六志愿者群', '报名红周六')
  })
  afterAll(async () => {
    await h.stop()
  })

  it('reminds volunteers on Saturday morning with the roster and how to check in and out', async () => {
    h.clock.set('2026-11-21T08:00:00+08:00')
    expect(await fireJob(redSaturdayMorning('0 8 * * 6'), deps(), h.clock.now())).toBe('sent')
    await h.settle()
    const post = h.botLines('红周六志愿者群').at(-1)!.text
    expect(post).toContain('【红周六】今天11月21日（周六）是红周六志愿服务日')
    expect(post).toContain('已报名 3 人')
    expect(post).toContain('3栋：赵楼长')
    expect(post).toContain('「签退」')
  })

  it('thanks them in the evening with attendance, hours and the month\'s 红旗好人, naming no one who stayed away', async () => {
    h.clock.set('2026-11-21T08:30:00+08:00')
    await h.ask('赵楼长', '红周六志愿者群', '签到')
    await h.ask('吴老师', '红周六志愿者群', '签到')
    h.clock.set('2026-11-21T11:30:00+08:00')
    await h.ask('赵楼长', '红周六志愿者群', '签退')
    h.clock.set('2026-11-21T10:00:00+08:00')
    await h.ask('吴老师', '红周六志愿者群', '签退')
    h.clock.set('2026-11-21T18:00:00+08:00')
    expect(await fireJob(redSaturdayThanks('0 18 * * 6'), deps(), h.clock.now())).toBe('sent')
    expect(await fireJob(redSaturdayThanks('0 18 * * 6'), deps(), h.clock.now())).toBe('already')
    await h.settle()
    const posts = h.botLines('红周六志愿者群').filter((l) => l.text.includes('【红周六感谢】'))
    expect(posts).toHaveLength(1)
    expect(posts[0]!.text).toContain('今天 2 位志愿者到场，共服务 4.5 小时：赵楼长、吴老师')
    expect(posts[0]!.text).toContain('本月红旗好人：1. 赵楼长（3 小时） 2. 吴老师（1.5 小时）')
    expect(posts[0]!.text).not.toContain('刘叔叔')
  })
})

// National Day 2026: Saturday 3 October is a holiday (skipped), Saturday 10 October a make-up
// workday (moved to Sunday 11 October), with the default calendar rules.
describe('Red Saturday around a public holiday', () => {
  let h: Harness
  const deps = () => ({ db: h.db, sql: h.app.database.sql, community: h.app.community, clock: h.clock, log: silentLog, onQueued: () => h.app.sender.kick() })
  const lastPost = () => h.botLines('红周六志愿者群').at(-1)!.text
  beforeAll(async () => {
    h = await Harness.start({ clock: new ManualClock('2026-10-02T18:00:00+08:00') })
  })
  afterAll(async () => {
    await h.stop()
  })

  it('tells volunteers on the Friday before a holiday that the week is off, and when the next one is', async () => {
    expect(await fireJob(redSaturdayReminder('0 18 * * 5'), deps(), h.clock.now())).toBe('sent')
    await h.settle()
    expect(lastPost()).toBe('【红周六暂停】10月3日（周六）是国庆节假期，红周六暂停一次；10月10日（周六）是国庆节调休上班日，红周六改到10月11日（周日）。下次红周六是10月11日（周日），届时再提醒大家。节日快乐！')
  })

  it('sends nothing on the holiday morning and records why', async () => {
    h.clock.set('2026-10-03T08:00:00+08:00')
    expect(await fireJob(redSaturdayMorning('0 8 * * 6,0'), deps(), h.clock.now())).toBe('skipped')
    const run = await h.db.scheduleRun.findFirstOrThrow({ where: { job: 'redSaturdayMorning' } })
    expect(run).toMatchObject({ status: 'skipped', detail: '今天没有红周六服务' })
  })

  it('moves the make-up Saturday to Sunday: sign-up, reminder, check-in and the morning post', async () => {
    h.clock.set('2026-10-08T12:00:00+08:00')
    expect(await h.ask('赵楼长', '红周六志愿者群', '报名红周六 3栋')).toContain('10月10日（周六）是国庆节调休上班日，红周六改到10月11日（周日）。报名成功！10月11日（周日）红周六见')
    h.clock.set('2026-10-09T18:00:00+08:00')
    await fireJob(redSaturdayReminder('0 18 * * 5'), deps(), h.clock.now())
    await h.settle()
    expect(lastPost()).toMatch(/^【红周六提醒】10月10日（周六）是国庆节调休上班日，红周六改到10月11日（周日）。10月11日（周日）是红周六志愿服务日/)
    expect(lastPost()).toContain('3栋：赵楼长')
    h.clock.set('2026-10-10T08:30:00+08:00')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签到')).toContain('今天不是红周六，签到请在10月11日（周日）当天')
    expect(await fireJob(redSaturdayMorning('0 8 * * 6,0'), deps(), h.clock.now())).toBe('skipped')
    h.clock.set('2026-10-11T08:00:00+08:00')
    expect(await fireJob(redSaturdayMorning('0 8 * * 6,0'), deps(), h.clock.now())).toBe('sent')
    await h.settle()
    expect(lastPost()).toContain('今天10月11日（周日）是红周六志愿服务日（国庆节调休上班日，改在今天）')
    h.clock.set('2026-10-11T08:30:00+08:00')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签到')).toContain('签到成功')
  })
})

// Sign-ups kept before Red Saturdays were activities: moved into them at start-up with their
// check-ins and minutes, once, and counted in the hours as before.
describe('Red Saturday sign-ups from before activities', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('keeps every old sign-up with its hours, and moves nothing twice', async () => {
    const communityId = h.app.community.id
    const at = (iso: string) => new Date(iso)
    await h.db.volunteerSignup.createMany({
      data: [
        { communityId, saturday: '2026-11-07', contactId: 'wxid_zhao_3dong', name: '赵楼长', building: '3', status: 'signed', signedAt: at('2026-11-05T10:00:00+08:00'), checkedInAt: at('2026-11-07T08:30:00+08:00'), checkedOutAt: at('2026-11-07T11:00:00+08:00'), minutes: 150 },
        { communityId, saturday: '2026-11-07', contactId: 'wxid_wu_laoshi', name: '吴老师', building: null, status: 'signed', signedAt: at('2026-11-06T10:00:00+08:00'), minutes: 0 },
        { communityId, saturday: '2026-11-14', contactId: 'wxid_zhao_3dong', name: '赵楼长', building: '3', status: 'signed', signedAt: at('2026-11-12T10:00:00+08:00'), checkedInAt: at('2026-11-14T08:30:00+08:00'), checkedOutAt: at('2026-11-14T09:30:00+08:00'), minutes: 60 },
        { communityId, saturday: '2026-11-14', contactId: 'wxid_liu_shushu', name: '刘叔叔', building: '3', status: 'withdrawn', signedAt: at('2026-11-12T11:00:00+08:00'), minutes: 0 },
      ],
    })
    expect(await moveOldRedSaturdays(h.db, h.app.community, h.clock.now())).toBe(4)
    expect(await moveOldRedSaturdays(h.db, h.app.community, h.clock.now())).toBe(0)
    expect(await h.db.volunteerSignup.count()).toBe(0)
    expect(await h.db.activity.count({ where: { kind: 'red_saturday' } })).toBe(2)
    const ranking = await h.ask('彭书记', null, '志愿时长')
    expect(ranking).toContain('1. 赵楼长 3 小时 30 分钟｜到场 2 次')
    expect(ranking).toContain('吴老师 0 分钟｜到场 0 次｜报名未到 1 次')
    expect(ranking).not.toContain('刘叔叔')
    expect(await h.ask('赵楼长', null, '我的时长')).toContain('11月7日（周六） 红周六 2 小时 30 分钟')
  })
})

// A station that runs Red Saturday by building: each building's is its own activity, organised by
// its building head, who hears of a 来不了; the roster still shows the whole week.
describe('Red Saturday by building', () => {
  let h: Harness
  beforeAll(async () => {
    const config = testConfig()
    h = await Harness.start({ config: { ...config, redSaturday: { ...config.redSaturday, byBuilding: true } } })
  })
  afterAll(async () => {
    await h.stop()
  })

  it('keeps each building\'s volunteers with its building head', async () => {
    await h.ask('吴老师', '红周六志愿者群', '报名红周六 3栋')
    await h.ask('刘叔叔', '红周六志愿者群', '报名红周六 3栋')
    await h.ask('陈小美', '红周六志愿者群', '报名红周六 12栋')
    const activities = await h.db.activity.findMany({ where: { kind: 'red_saturday' }, orderBy: { id: 'asc' } })
    expect(activities.map((a) => [a.title, a.organiserName])).toEqual([['红周六（3栋）', '赵楼长'], ['红周六（12栋）', '驿站']])
    const roster = await h.ask('盛阿姨', '红周六志愿者群', '红周六名单')
    expect(roster).toContain('（3 人）')
    expect(await h.ask('刘叔叔', null, '来不了')).toContain('「红周六（3栋）」')
    await until(() => h.botLines('赵楼长').some((l) => /「红周六（3栋）」.*刘叔叔来不了/.test(l.text)), 'the building head is told')
    h.clock.set('2026-11-20T19:00:00+08:00')
    await h.app.sweep()
    await until(() => h.botLines('吴老师').some((l) => /明天有志愿活动「红周六（3栋）」.*组织人：赵楼长/.test(l.text)), 'the volunteer is reminded by their building head\'s activity')
  })
})
