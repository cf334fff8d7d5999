import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { stringify as stringifyYaml } from 'yaml'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import { newSecret, secretHash } from '../../handlers/dashboard/dashboard-commands.js'
import { systemClock } from '../clock.js'
import { streetRoutes } from '../dashboard/street-routes.js'
import type { Db } from '../db/client.js'
import { BOT_ID } from '../sim/demo-community.js'
import { databaseUrl, dropDatabase, freshDb } from './databases.js'
import { pageTimes } from './page-cost.js'
import { streetHeapMb } from '../street/street-app.js'
import { answering, peakRssMb, percentile, sleep, startProcess, stopProcess } from './processes.js'
import { seedCases } from './summary-cost.js'
import { benchMessages, benchWeChat, deliver, type BenchMessage, type BenchWeChat } from './workload.js'

/** Messages handed over but not yet handled, at most, across the street. */
const WINDOW = 200
const LATENCY_RATE = 50
const STREET_SECRETARY = 'wxid_bench_street'

export interface StreetRun {
  communities: number
  messages: number
  msgsPerSec: number
  echoMsgsPerSec: number
  p50Ms: number
  p99Ms: number
  rssMb: number
}

/** The benchmark community under another name: each community of the street its own. */
const named = (config: CommunityConfig, i: number): CommunityConfig => ({ ...config, community: `基准社区${i + 1}` })

/** A street file over `n` communities, each with its own config file and token variable. */
function writeStreetFile(config: CommunityConfig, setups: BenchWeChat[]): { file: string; tokens: Record<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hgj-bench-street-'))
  setups.forEach((_, i) => writeFileSync(path.join(dir, `c${i + 1}.yaml`), stringifyYaml(named(config, i))))
  const file = path.join(dir, 'street.yaml')
  writeFileSync(file, stringifyYaml({
    street: '基准街道', members: [{ id: STREET_SECRETARY, name: '街道书记', roles: ['street_secretary'] }], weeklyReport: 'off',
    communities: setups.map((_, i) => ({ config: `c${i + 1}.yaml`, tokenEnv: `BENCH_C${i + 1}_TOKEN`, endpointEnv: `BENCH_C${i + 1}_ENDPOINT` })),
  }))
  const tokens = Object.fromEntries(setups.flatMap((s, i) => [[`BENCH_C${i + 1}_TOKEN`, s.wechat.token], [`BENCH_C${i + 1}_ENDPOINT`, s.wechat.endpoint]]))
  return { file, tokens }
}

/** Every community's messages, interleaved: the street busy all at once. */
function streetMessages(setups: BenchWeChat[], perCommunity: number, prefix: string, seed: number, unitFrom = 1): Array<{ setup: BenchWeChat; m: BenchMessage }> {
  const each = setups.map((s, i) => benchMessages(s, perCommunity, `${prefix}-c${i}`, seed + i, unitFrom))
  return Array.from({ length: perCommunity }, (_, k) => setups.map((s, i) => ({ setup: s, m: each[i]![k]! }))).flat()
}

/** Hands messages over as fast as `done()` lets a window through; the seconds until `finished()`. */
async function pumpAll(messages: Array<{ setup: BenchWeChat; m: BenchMessage }>, done: () => Promise<number> | number, finished: () => Promise<boolean> | boolean, pollMs: number): Promise<number> {
  const started = performance.now()
  let sent = 0
  for (;;) {
    const handled = await done()
    while (sent < messages.length && sent - handled < WINDOW) {
      const { setup, m } = messages[sent++]!
      deliver(setup.wechat, m)
    }
    if (sent === messages.length && handled >= messages.length && (await finished())) break
    await sleep(pollMs)
  }
  return (performance.now() - started) / 1000
}

/** `n` bare echo bots, one per community account, all busy at once: the transport's ceiling for the street. */
async function echoes(config: CommunityConfig, n: number, perCommunity: number, groups: number): Promise<number> {
  const setups = await Promise.all(Array.from({ length: n }, (_, i) => benchWeChat(named(config, i), groups, groups * 4)))
  const bots = setups.map((s) => startProcess('dist/bot/bench/echo-bot.js', { WECHATY_PUPPET_SERVICE_TOKEN: s.wechat.token, WECHATY_PUPPET_SERVICE_ENDPOINT: s.wechat.endpoint }))
  try {
    await Promise.all(setups.map((s, i) => answering(s.wechat, bots[i]!.output)))
    let echoed = 0
    const offs = setups.map((s) => s.wechat.onLine((l) => l.fromId === BOT_ID && echoed++))
    const seconds = await pumpAll(streetMessages(setups, perCommunity, 'echo', 1), () => echoed, () => true, 25)
    offs.forEach((off) => off())
    return Math.round((n * perCommunity) / seconds)
  } finally {
    await Promise.all(bots.map((b) => stopProcess(b.child)))
    await Promise.all(setups.map((s) => s.wechat.stop()))
  }
}

/**
 * `n` communities (each with its own local WeChat account and `groups` building groups) in one bot
 * process on PostgreSQL (STREET_CONFIG): throughput with all of them busy, against as many echo
 * bots; latency at 50 messages/s across the street; the process's peak RSS.
 */
export async function streetRun(config: CommunityConfig, n: number, perCommunity: number, latencyMessages: number, groups: number): Promise<StreetRun> {
  const echoMsgsPerSec = await echoes(config, n, perCommunity, groups)
  const url = databaseUrl('PostgreSQL', `street_${n}`)
  const { client } = await freshDb('PostgreSQL', `street_${n}`)
  const setups = await Promise.all(Array.from({ length: n }, (_, i) => benchWeChat(named(config, i), groups, groups * 4)))
  const { file, tokens } = writeStreetFile(config, setups)
  const bot = startProcess('dist/bot/main.js', { DATABASE_URL: url, STREET_CONFIG: file, WECHATY_PUPPET: 'wechaty-puppet-service', DASHBOARD_PORT: '0', ...tokens }, streetHeapMb(n))
  try {
    await Promise.all(setups.map((s) => answering(s.wechat, bot.output)))
    const count = (status: string) => client.inboundMessage.count({ where: { status } })
    const drained = async () => (await client.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0
    const before = await count('handled')
    const seconds = await pumpAll(streetMessages(setups, perCommunity, 'tp', 1), async () => (await count('handled')) - before, drained, 100)
    const msgsPerSec = Math.round((n * perCommunity) / seconds)

    // Latency at a steady 50 messages/s across the street, at households of their own (units 10 and up).
    const paced = streetMessages(setups, Math.ceil(latencyMessages / n), 'lat', 2, 10)
    const sentAt = new Map<string, number>()
    const base = await count('handled')
    const started = Date.now()
    for (let i = 0; i < paced.length; i++) {
      const due = started + (i * 1000) / LATENCY_RATE
      if (due > Date.now()) await sleep(due - Date.now())
      sentAt.set(paced[i]!.m.id, Date.now())
      deliver(paced[i]!.setup.wechat, paced[i]!.m)
    }
    const deadline = Date.now() + 120_000
    while (Date.now() < deadline && !((await count('handled')) - base >= paced.length && (await drained()))) await sleep(20)
    const communities = await client.community.findMany({ select: { id: true, name: true } })
    const latencies: number[] = []
    for (const [i, s] of setups.entries()) {
      const communityId = communities.find((c) => c.name === `基准社区${i + 1}`)!.id
      const ackAt = new Map<number, number>()
      for (const line of s.wechat.transcript) {
        if (line.fromId !== BOT_ID || !line.roomId) continue
        for (const m of line.text.matchAll(/#(\d+)：/g)) if (!ackAt.has(Number(m[1]))) ackAt.set(Number(m[1]), line.at)
      }
      const cases = await client.case.findMany({ where: { communityId, sourceMessage: { in: [...sentAt.keys()] } }, select: { number: true, sourceMessage: true } })
      for (const c of cases) if (ackAt.has(c.number)) latencies.push(ackAt.get(c.number)! - sentAt.get(c.sourceMessage!)!)
    }
    latencies.sort((a, b) => a - b)
    return { communities: n, messages: n * perCommunity, msgsPerSec, echoMsgsPerSec, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), rssMb: peakRssMb(bot.child.pid!) }
  } finally {
    await client.$disconnect()
    await stopProcess(bot.child)
    await Promise.all(setups.map((s) => s.wechat.stop()))
    await dropDatabase(url)
  }
}

/** The street's pages over `communities` communities and `cases` cases in all (PostgreSQL), in process: each page's median of 5. */
export async function streetPageCosts(config: CommunityConfig, communities: number, cases: number): Promise<Record<string, number>> {
  const { url, client } = await freshDb('PostgreSQL', `street_pages_${communities}_${cases}`)
  try {
    const now = new Date()
    const rows = []
    for (let i = 0; i < communities; i++) {
      const row = await client.community.create({ data: { name: `基准社区${i + 1}`, timezone: config.timezone, createdAt: new Date(now.getTime() - 400 * 86_400_000) } })
      await seedCases(client, row.id, Math.round(cases / communities), now)
      rows.push(row)
    }
    // A tenth of a percent of the cases taken to the street, as the queue.
    await client.$executeRawUnsafe(`UPDATE "Case" SET "streetAt" = "createdAt", "streetReason" = 'overdue' WHERE "id" % 1000 = 0`)
    await client.$executeRawUnsafe('ANALYZE')
    const cookie = newSecret()
    await client.dashboardSession.create({ data: { communityId: rows[0]!.id, tokenHash: secretHash(cookie), contactId: STREET_SECRETARY, csrf: newSecret(), createdAt: now, expiresAt: new Date(now.getTime() + 3_600_000) } })
    const street = { name: '基准街道', members: [{ id: STREET_SECRETARY, name: '街道书记', roles: ['street_secretary' as const] }], departments: [], deadlines: { respond: '1wd', resolve: '5wd' }, communities: rows.map((r) => r.name), sendsReport: false, weeklyReport: 'off' }
    const apps = rows.map((r) => ({ community: { id: r.id, config: { ...named(config, 0), community: r.name } } }))
    const app = streetRoutes({ db: client as Db, street, apps, clock: systemClock, log: pino({ level: 'silent' }), secureCookies: false })
    const costs: Record<string, number> = {}
    for (const page of ['/street?period=today', '/street?period=week', '/street?period=month', '/street?period=month&sort=resolutionRate', '/street/wall', '/street/queue']) {
      costs[page] = (await pageTimes(app, page, cookie)).medianMs
    }
    return costs
  } finally {
    await client.$disconnect()
    await dropDatabase(url)
  }
}
