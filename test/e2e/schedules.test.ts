import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../bot/clock.js'
import { fireJob } from '../../bot/scheduler.js'
import { localParts } from '../../handlers/time.js'
import { dailySummary } from '../../schedules/daily-summary.js'
import { Harness, silentLog, tempDatabaseUrl, testConfig } from '../support/harness.js'

/** A 6-field cron that fires once, `seconds` from now, written in Shanghai time. */
function cronIn(seconds: number): string {
  const p = localParts(new Date(Date.now() + seconds * 1000), 'Asia/Shanghai')
  return `${p.second} ${p.minute} ${p.hour} * * *`
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Two bot instances on one SQLite file (each on its own local WeChat with the same groups), with the
// daily summary and the Red Saturday reminder due a few seconds from now in the community's timezone.
// Whatever either instance sends counts: together they must send each post once.
describe('scheduled summary and Red Saturday reminder', () => {
  let first: Harness
  let second: Harness
  const databaseUrl = tempDatabaseUrl()

  beforeAll(async () => {
    const config = testConfig({ schedules: { dailySummary: cronIn(6), redSaturdayReminder: cronIn(7) } })
    const clock = new ManualClock(new Date())
    first = await Harness.start({ config, clock, databaseUrl })
    second = await Harness.start({ config, clock, databaseUrl })
    await first.ask('赵楼长', '红周六志愿者群', '报名红周六 3栋')
  })
  afterAll(async () => {
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
    const deps = { db: second.db, community: second.app.community, clock: second.clock, log: silentLog, onQueued: () => second.app.sender.kick() }
    expect(await fireJob(dailySummary('* * * * *'), deps, new Date(run.slot))).toBe('already')
    await first.settle()
    expect(both('红管家服务驿站')).toHaveLength(1)
  })
})
