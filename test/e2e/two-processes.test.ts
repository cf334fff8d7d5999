import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { EXAMPLE_CONFIG_PATH } from '../../bot/config/community-config.js'
import { LEASE_TTL_MS } from '../../bot/wechat/connection-lease.js'
import { openDatabase } from '../../bot/db/client.js'
import { BOT_ID } from '../../bot/sim/demo-community.js'
import { LocalWeChat } from '../../bot/sim/local-wechat.js'
import { localParts } from '../../handlers/time.js'
import { startBotProcess, stopBotProcess, waitUntilAnswering, type BotProcess } from '../support/bot-process.js'
import { sleep, tempDatabaseUrl, until } from '../support/harness.js'

const OFF = ['redSaturdayReminder', 'redSaturdayMorning', 'redSaturdayThanks', 'weeklyDigest', 'branchMeeting', 'jointMeetingAgenda', 'homeVisits', 'starRating']
// The demo's first group, 3栋业主群.
const ROOM = 'demo_group_1@chatroom'

// Two real bot processes (`npm start`) share one database (a SQLite file, or PostgreSQL in the
// second pass) and one WeChat account, as a station with a spare machine runs them. One holds the
// connection; the other stands by and takes over when the first is killed, or at once when the
// first is stopped cleanly. Acknowledgements and the daily summary go out once throughout.
describe('two bot processes on one database and one WeChat account', () => {
  const databaseUrl = tempDatabaseUrl()
  const configFile = path.join(tmpdir(), `two-processes-${process.pid}.yaml`)
  const env = { DATABASE_URL: databaseUrl, COMMUNITY_CONFIG: configFile, LOG_LEVEL: 'info' }
  let wechat: LocalWeChat
  let first: BotProcess
  let second: BotProcess
  let slot: Date

  const fromBot = () => wechat.transcript.filter((l) => l.fromId === BOT_ID)
  const acksFor = (n: number) => fromBot().filter((l) => l.roomId === ROOM && new RegExp(`已登记 #${n}[：，]`).test(l.text))
  const summaries = () => fromBot().filter((l) => l.where === '红管家服务驿站' && l.text.includes('今日民情汇总'))
  const takeoverNotes = () => fromBot().filter((l) => l.roomId === null && l.text.includes('已接管微信连接'))
  const outputs = () => [first, second].map((b) => b.output.slice(-1500)).join('\n---\n')

  beforeAll(async () => {
    // Far enough ahead for both processes to start and the first takeover to happen on a busy CI machine.
    slot = new Date(Math.ceil((Date.now() + 70_000) / 1000) * 1000)
    const p = localParts(slot, 'Asia/Shanghai')
    const config = parseYaml(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'))
    config.schedules = { dailySummary: `${p.second} ${p.minute} ${p.hour} * * *`, ...Object.fromEntries(OFF.map((job) => [job, 'off'])) }
    config.sending = { minGapSeconds: 0, jitterSeconds: [0, 0], perGroupGapSeconds: 0 }
    writeFileSync(configFile, stringifyYaml(config))
    wechat = await LocalWeChat.start()
    first = await startBotProcess(env, wechat)
    second = await startBotProcess(env, wechat, { standby: true })
  }, 180_000)

  afterAll(async () => {
    for (const bot of [first, second]) if (bot) await stopBotProcess(bot)
    await wechat?.stop()
  })

  it('answers once while one process holds the connection, and the other takes over when it is killed', async () => {
    wechat.say('wxid_sheng_ayi', '3号楼电梯又坏了，困在里面出不来', { roomId: ROOM })
    await until(() => acksFor(1).length > 0, 'the first report is acknowledged')
    await sleep(3000)
    expect(acksFor(1), outputs()).toHaveLength(1)
    expect(second.output, 'the second process never connected').not.toMatch(/"msg":"logged in"/)

    await stopBotProcess(first, 'SIGKILL')
    const takeoverMs = await waitUntilAnswering(wechat, second, LEASE_TTL_MS + 45_000)
    console.log(`takeover after a kill: ${(takeoverMs / 1000).toFixed(1)} s`)
    expect(second.output).toMatch(/took over the WeChat connection/)
    // The operator hears of it once, privately.
    await until(() => takeoverNotes().length > 0, 'the takeover is reported')
    expect(takeoverNotes().map((l) => l.where)).toEqual(['彭书记'])

    wechat.say('wxid_liu_shushu', '3栋楼道的灯不亮了，晚上黑漆漆的', { roomId: ROOM })
    await until(() => acksFor(2).length > 0, 'the second report is acknowledged by the process that took over')
    await sleep(3000)
    expect([acksFor(1).length, acksFor(2).length]).toEqual([1, 1])
  }, 180_000)

  it('sends the daily summary once, across the takeover and a clean hand-back', async () => {
    await until(() => summaries().length > 0, 'the daily summary is posted', Math.max(0, slot.getTime() - Date.now()) + 30_000)
    await sleep(3000)
    expect(summaries(), outputs()).toHaveLength(1)
    const db = (await openDatabase(databaseUrl)).prisma
    expect((await db.scheduleRun.findMany()).map((r) => [r.job, r.status])).toEqual([['dailySummary', 'sent']])

    // A process started again beside the holder stands by; the holder stopped cleanly hands over at once.
    first = await startBotProcess(env, wechat, { standby: true })
    await stopBotProcess(second)
    const handoverMs = await waitUntilAnswering(wechat, first, 30_000)
    console.log(`takeover after a clean stop: ${(handoverMs / 1000).toFixed(1)} s`)
    expect(handoverMs, 'no wait for the lease to run out').toBeLessThan(LEASE_TTL_MS)
    await sleep(3000)
    expect(summaries()).toHaveLength(1)
    expect(await db.scheduleRun.count()).toBe(1)
    expect(takeoverNotes(), 'a clean hand-back is no news').toHaveLength(1)
    await db.$disconnect()
  }, 180_000)

  it('a holder frozen past its lease finds it taken when it wakes, disconnects and stands by', async () => {
    second = await startBotProcess(env, wechat, { standby: true })
    process.kill(-first.process.pid!, 'SIGSTOP')
    await until(() => second.output.includes('took over the WeChat connection'), 'the lease is taken over', LEASE_TTL_MS + 20_000)
    process.kill(-first.process.pid!, 'SIGCONT')
    await until(() => first.output.includes('this one disconnects and stands by'), 'the woken process stands down', 30_000)
    const t = await waitUntilAnswering(wechat, second, 120_000)
    console.log(`answering again after the frozen holder stood down: ${(t / 1000).toFixed(1)} s`)

    wechat.say('wxid_chen_xiaomei', '12栋门口的垃圾三天没人收了', { roomId: 'demo_group_2@chatroom' })
    await until(() => fromBot().some((l) => /已登记 #3[：，]/.test(l.text)), 'the third report is acknowledged')
    await sleep(3000)
    expect(fromBot().filter((l) => /已登记 #3[：，]/.test(l.text)), outputs()).toHaveLength(1)
    expect(summaries()).toHaveLength(1)
  }, 180_000)
})
