import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { EXAMPLE_CONFIG_PATH } from '../../bot/community-config.js'
import { createDb } from '../../bot/db.js'
import { LocalWeChat } from '../../bot/sim/local-wechat.js'
import { localParts } from '../../handlers/time.js'
import { startBotProcess, stopBotProcess, type BotProcess } from '../support/bot-process.js'
import { tempDatabaseUrl } from '../support/harness.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const OFF = ['redSaturdayReminder', 'redSaturdayMorning', 'redSaturdayThanks', 'weeklyDigest', 'branchMeeting', 'jointMeetingAgenda', 'homeVisits', 'starRating']

// Two real bot processes (`npm start`) share one database (a SQLite file, or PostgreSQL in the second pass), each connected over puppet-service to
// a WeChat with the same groups — as two machines would be. The daily summary is set to a second
// a little ahead in Shanghai time. Together they must post it once; a restart must not post it again.
describe('two bot processes on one database', () => {
  const databaseUrl = tempDatabaseUrl()
  const configFile = path.join(tmpdir(), `two-processes-${process.pid}.yaml`)
  const bots: BotProcess[] = []
  let slot: Date

  const summaries = () => bots.flatMap((b) => b.wechat.transcript.filter((l) => l.where === '红管家服务驿站' && l.text.includes('今日民情汇总')))

  const startBot = (wechat?: LocalWeChat) => startBotProcess({ DATABASE_URL: databaseUrl, COMMUNITY_CONFIG: configFile }, wechat)
  const stopBot = (bot: BotProcess) => stopBotProcess(bot)

  beforeAll(async () => {
    // Far enough ahead for both processes to start on a busy CI machine.
    slot = new Date(Math.ceil((Date.now() + 75_000) / 1000) * 1000)
    const p = localParts(slot, 'Asia/Shanghai')
    const config = parseYaml(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'))
    config.schedules = { dailySummary: `${p.second} ${p.minute} ${p.hour} * * *`, ...Object.fromEntries(OFF.map((job) => [job, 'off'])) }
    config.sending = { minGapSeconds: 0, jitterSeconds: [0, 0], perGroupGapSeconds: 0 }
    writeFileSync(configFile, stringifyYaml(config))
    bots.push(await startBot())
    bots.push(await startBot())
  }, 180_000)

  afterAll(async () => {
    for (const bot of bots) {
      await stopBot(bot)
      await bot.wechat.stop()
    }
  })

  it('posts the daily summary once between them, and a restarted process does not post it again', async () => {
    expect(Date.now(), 'both processes were up before the slot').toBeLessThan(slot.getTime())
    const deadline = slot.getTime() + 20_000
    while (Date.now() < deadline && summaries().length === 0) await sleep(200)
    await sleep(3000)
    expect(summaries(), bots.map((b) => b.output.slice(-1500)).join('\n---\n')).toHaveLength(1)

    const db = createDb(databaseUrl)
    const runs = await db.scheduleRun.findMany()
    expect(runs.map((r) => [r.job, r.slot, r.status])).toEqual([['dailySummary', slot.toISOString().replace('.000Z', 'Z'), 'sent']])

    // The process that did not send is stopped and started again after the slot: it must not catch up on it.
    const quiet = bots.find((b) => !b.wechat.transcript.some((l) => l.text.includes('今日民情汇总')))!
    await stopBot(quiet)
    bots.splice(bots.indexOf(quiet), 1, await startBot(quiet.wechat))
    await sleep(3000)
    expect(summaries()).toHaveLength(1)
    expect(await db.scheduleRun.count()).toBe(1)
    await db.$disconnect()
  }, 120_000)
})
