import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXAMPLE_CONFIG_PATH } from '../../bot/config/community-config.js'
import { ManualClock } from '../../bot/clock.js'
import type { ScheduledTask } from 'node-cron'
import { fireJob, startScheduler } from '../../bot/schedule/scheduler.js'
import { redSaturdayReminder } from '../../schedules/red-saturday-reminder.js'
import { localParts } from '../../handlers/time.js'
import { dailySummary } from '../../schedules/daily-summary.js'
import { Harness, silentLog, tempDatabaseUrl, testConfig } from '../support/harness.js'

/** A 6-field cron that fires once, `seconds` from now, written in Shanghai time. */
function cronIn(seconds: number): string {
  const p = localParts(new Date(Date.now() + seconds * 1000), 'Asia/Shanghai')
  return `${p.second} ${p.minute} ${p.hour} * * *`
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Two bot instances on one database, with the daily summary and the Red Saturday reminder due a few
// seconds from now in the community's timezone. The second stands by (the first holds the connection
// lease) but its schedules are started all the same, as in the moments while a standby takes over:
// the ledger alone must keep each post to one.
describe('scheduled summary and Red Saturday reminder', () => {
  let first: Harness
  let second: Harness
  let tasks: ScheduledTask[] = []
  const databaseUrl = tempDatabaseUrl()

  beforeAll(async () => {
    const off = Object.fromEntries(Object.keys(testConfig().schedules).filter((k) => k !== 'graceMinutes').map((k) => [k, 'off']))
    const config = testConfig({ schedules: { ...testConfig().schedules, ...off } })
    const clock = new ManualClock(new Date())
    first = await Harness.start({ config, clock, databaseUrl })
    second = await Harness.start({ config, clock, databaseUrl, standby: true })
    await first.ask('赵楼长', '红周六志愿者群', '报名红周六 3栋')
    // Once both are up (however long that took), each schedules the same two jobs a few seconds ahead.
    const jobs = [dailySummary(cronIn(3)), redSaturdayReminder(cronIn(4))]
    tasks = [first, second].flatMap((h) => startScheduler(jobs, h.app.jobDeps, 'Asia/Shanghai'))
  })
  afterAll(async () => {
    await Promise.all(tasks.map((t) => t.destroy()))
    await second.stop()
    await first.stop()
  })

  const both = (where: string) => [...first.botLines(where), ...second.botLines(where)]
  async function firstLine(where: string, match: RegExp): Promise<string> {
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      const line = both(where).find((l) => match.test(l.text))
      if (line) return line.text
      await sleep(50)
    }
    throw new Error(`nothing matching ${match} in ${where}`)
  }

  it('posts each once, in the right groups, at the time set in the community timezone', async () => {
    const station = await firstLine('红管家服务驿站', /今日民情汇总/)
    expect(station).toMatch(/今日民情汇总/)
    for (const label of ['新增', '办结', '待办', '逾期']) expect(station).toMatch(new RegExp(`${label} \\d+`))
    for (const rate of ['响应率', '解决率', '满意率']) expect(station).toContain(rate)
    const reminder = await firstLine('红周六志愿者群', /【红周六提醒】/)
    expect(reminder).toContain('【红周六提醒】')
    expect(reminder).toContain('3栋：赵楼长')
    expect(reminder).toContain('还没有志愿者认领的楼栋：12栋')
    expect(reminder).toContain('报名红周六')
    await sleep(2500)
    expect(both('红管家服务驿站')).toHaveLength(1)
    expect(both('红周六志愿者群').filter((l) => l.text.includes('【红周六提醒】'))).toHaveLength(1)
    expect(both('3栋业主群')).toHaveLength(0)
    const runs = await first.db.scheduleRun.findMany({ orderBy: { job: 'asc' } })
    expect(runs.map((r) => [r.job, r.status])).toEqual([['dailySummary', 'sent'], ['redSaturdayReminder', 'sent']])
  })

  it('sends nothing when the same slot fires again', async () => {
    const run = await first.db.scheduleRun.findFirstOrThrow({ where: { job: 'dailySummary' } })
    const deps = { db: second.db, sql: second.app.database.sql, community: second.app.community, clock: second.clock, log: silentLog, onQueued: () => second.app.sender.kick() }
    expect(await fireJob(dailySummary('* * * * *'), deps, new Date(run.slot))).toBe('already')
    await first.settle()
    expect(both('红管家服务驿站')).toHaveLength(1)
  })
})

// The bot is stopped on Friday morning and started again on Saturday at 21:00: Saturday's 20:00
// summary is an hour late (inside its 2-hour grace window) and is sent; Friday's summary and
// Friday's Red Saturday reminder are too old, recorded as missed and reported once.
describe('catching up after downtime', () => {
  const databaseUrl = tempDatabaseUrl()
  const clock = new ManualClock('2026-11-20T10:00:00+08:00')
  let h: Harness

  beforeAll(async () => {
    const first = await Harness.start({ clock, databaseUrl })
    await first.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮了')
    await first.settle()
    await first.app.stop()
    clock.set('2026-11-21T21:00:00+08:00')
    h = await Harness.start({ clock, databaseUrl, wechat: first.wechat })
    await h.settle()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('sends the slot still inside its grace window, once', async () => {
    const summaries = h.botLines('红管家服务驿站').filter((l) => l.text.includes('今日民情汇总'))
    expect(summaries).toHaveLength(1)
    expect(summaries[0]!.text).toContain('11月21日')
    const run = await h.db.scheduleRun.findFirstOrThrow({ where: { job: 'dailySummary', slot: '2026-11-21T12:00:00Z' } })
    expect(run.status).toBe('sent')
  })

  it('records the older slots as missed and tells the secretary once', async () => {
    const runs = await h.db.scheduleRun.findMany({ where: { status: 'missed' }, orderBy: { slot: 'asc' } })
    expect(runs.map((r) => [r.job, r.slot])).toEqual([
      ['redSaturdayReminder', '2026-11-20T10:00:00Z'], ['dailySummary', '2026-11-20T12:00:00Z'], ['redSaturdayMorning', '2026-11-21T00:00:00Z'],
    ])
    const notes = h.botLines('彭书记').filter((l) => l.text.includes('定时消息'))
    expect(notes).toHaveLength(1)
    expect(notes[0]!.text).toContain('3 次定时消息没有按时发出')
    expect(notes[0]!.text).toContain('11月21日 08:00 红周六当天提醒')
    expect(notes[0]!.text).toContain('11月20日 18:00 红周六提醒')
    expect(notes[0]!.text).toContain('11月20日 20:00 每日民情汇总')
    expect(h.botLines('红周六志愿者群').filter((l) => l.text.includes('【红周六提醒】'))).toHaveLength(0)
  })

  it('shows the operator every job with its cron, next firings and last runs', async () => {
    const output = await new Promise<string>((resolve, reject) => {
      execFile('npx', ['tsx', 'bot/cli/schedules.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl, COMMUNITY_CONFIG: EXAMPLE_CONFIG_PATH, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
        (error, stdout) => (error ? reject(error) : resolve(stdout)))
    })
    expect(output).toContain('时区 Asia/Shanghai')
    expect(output).toContain('每日民情汇总（dailySummary）')
    expect(output).toContain('cron：0 20 * * *　补发时限：120 分钟')
    expect(output).toMatch(/接下来：\d+月\d+日 20:00；\d+月\d+日 20:00；\d+月\d+日 20:00/)
    expect(output).toContain('11月21日 20:00　已发送')
    expect(output).toContain('11月20日 20:00　错过（停机）')
    expect(output).toContain('11月20日 18:00　错过（停机）')
  })

  it('sends nothing again after another restart', async () => {
    // The minute sweep may escalate the overdue case at any moment: let it do so first.
    await h.app.sweep()
    await h.settle()
    const before = h.wechat.transcript.length
    await h.app.stop()
    h = await Harness.start({ clock, databaseUrl, wechat: h.wechat })
    await h.settle()
    expect(h.wechat.transcript.length).toBe(before)
  })
})

// node-cron drops a second it reaches more than a second late and only reports it as missed; on a
// busy machine that silently lost a daily summary. The scheduler fires such a slot all the same.
describe('a slot reached late because the machine was busy', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start({ clock: new ManualClock(new Date()) })
  })
  afterAll(async () => {
    await h.stop()
  })

  it('is still sent, once', async () => {
    const tasks = startScheduler([dailySummary(cronIn(2))], h.app.jobDeps, 'Asia/Shanghai')
    const busyUntil = Date.now() + 4500
    while (Date.now() < busyUntil) {
      // Holds the event loop across the slot, as a long synchronous task would.
    }
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline && h.botLines('红管家服务驿站').length === 0) await sleep(100)
    await Promise.all(tasks.map((t) => t.destroy()))
    await h.settle()
    expect(h.botLines('红管家服务驿站').filter((l) => l.text.includes('今日民情汇总'))).toHaveLength(1)
    expect(await h.db.scheduleRun.findMany({ select: { job: true, status: true } })).toEqual([{ job: 'dailySummary', status: 'sent' }])
  })
})
