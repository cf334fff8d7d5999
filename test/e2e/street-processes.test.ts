import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../bot/db/client.js'
import { BOT_ID } from '../../bot/sim/demo-community.js'
import { LEASE_TTL_MS } from '../../bot/wechat/connection-lease.js'
import type { LocalWeChat } from '../../bot/sim/local-wechat.js'
import { stopBotProcess, type BotProcess } from '../support/bot-process.js'
import { sleep, tempDatabaseUrl, testConfig, until } from '../support/harness.js'
import { communityNamed, COMMUNITY_NAMES, streetWeChats, tokensOf, writeStreet } from '../support/street-harness.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// The demo's first group, 3栋业主群, in each community's own WeChat.
const ROOM = 'demo_group_1@chatroom'

// Two real street processes (`npm start` with STREET_CONFIG) share three communities, each with
// its own account and local WeChat, on one database: the first may hold two connections, the
// second takes the third. When the first is killed, the second takes its two over; every report
// is acknowledged once.
describe('two street processes sharing three communities', () => {
  const databaseUrl = tempDatabaseUrl()
  let wechats: LocalWeChat[]
  let env: Record<string, string>
  let first: BotProcess
  let second: BotProcess
  let db: Db

  const secretaryOf = (i: number) => (i === 0 ? 'wxid_peng2018' : `c${i + 1}_wxid_peng2018`)
  const acks = (i: number, n: number) => wechats[i]!.transcript.filter((l) => l.fromId === BOT_ID && l.roomId === ROOM && new RegExp(`已登记 #${n}[：，]`).test(l.text))
  const outputs = () => [first, second].map((b) => b?.output.slice(-1500)).join('\n---\n')
  /** Each community's secretary asks for 帮助 until its bot answers. */
  const answering = async (i: number, timeoutMs: number) => {
    const chat = wechats[i]!
    const before = chat.transcript.length
    const answered = () => chat.transcript.slice(before).some((l) => l.fromId === BOT_ID && l.roomId === null && l.toId === secretaryOf(i))
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline && !answered()) {
      chat.say(secretaryOf(i), '帮助', { to: BOT_ID })
      await sleep(2000)
    }
    if (!answered()) throw new Error(`community ${i + 1} did not answer:\n${outputs()}`)
  }
  /** The process (host:pid) holding each community's connection, in the street file's order. */
  const holders = async () => (await db.connectionLease.findMany({ orderBy: { communityId: 'asc' }, where: { expiresAt: { gt: new Date() } } })).map((l) => l.holder.split(':').slice(0, 2).join(':'))
  const start = (limit: number): BotProcess => {
    const child = spawn('npm', ['start'], {
      cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, STREET_MAX_COMMUNITIES: String(limit) },
    })
    const bot: BotProcess = { wechat: wechats[0]!, process: child, output: '' }
    child.stdout!.on('data', (d) => (bot.output += d))
    child.stderr!.on('data', (d) => (bot.output += d))
    return bot
  }

  beforeAll(async () => {
    const { file, street } = writeStreet(COMMUNITY_NAMES.map((name, i) => (i === 0 ? { ...testConfig(), community: name } : communityNamed(name, `c${i + 1}_`))))
    wechats = (await streetWeChats(street)).map((c) => c.wechat)
    env = { STREET_CONFIG: file, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', BOT_HEAP_MB: '200', DASHBOARD_PORT: '0', WECHATY_PUPPET: 'wechaty-puppet-service', ...tokensOf(wechats) }
    first = start(2)
    await answering(0, 90_000)
    await answering(1, 30_000)
    db = (await openDatabase(databaseUrl)).prisma
    second = start(3)
    await answering(2, 90_000)
  }, 240_000)

  afterAll(async () => {
    for (const bot of [first, second]) if (bot) await stopBotProcess(bot)
    await Promise.all((wechats ?? []).map((w) => w.stop()))
    await db?.$disconnect()
  })

  it('shares the communities out up to each process\'s limit, and the survivor takes over the killed one\'s', async () => {
    const [a, b, c] = await holders()
    expect(a, outputs()).toBe(b)
    expect(c).not.toBe(a)
    wechats[0]!.say('wxid_sheng_ayi', '3栋电梯又坏了，停在五楼不动', { roomId: ROOM })
    wechats[2]!.say('wxid_sheng_ayi', '3栋楼道灯不亮好几天了', { roomId: ROOM })
    await until(() => acks(0, 1).length > 0 && acks(2, 1).length > 0, 'both reports are acknowledged')

    await stopBotProcess(first, 'SIGKILL')
    await answering(0, LEASE_TTL_MS + 60_000)
    await answering(1, 30_000)
    const after = await holders()
    expect(after, outputs()).toHaveLength(3)
    expect(new Set(after).size, outputs()).toBe(1)

    wechats[0]!.say('wxid_liu_shushu', '3栋楼道的灯不亮了，晚上黑漆漆的', { roomId: ROOM })
    wechats[1]!.say('wxid_liu_shushu', '3栋下水道堵了，污水冒出来了', { roomId: ROOM })
    await until(() => acks(0, 2).length > 0 && acks(1, 1).length > 0, 'the reports after the takeover are acknowledged')
    await sleep(3000)
    expect([acks(0, 1), acks(0, 2), acks(1, 1), acks(2, 1)].map((x) => x.length), outputs()).toEqual([1, 1, 1, 1])
  }, 240_000)
})
