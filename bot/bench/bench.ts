import { cpus, totalmem } from 'node:os'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import { openDatabase, tuneDb } from '../db/client.js'
import { BOT_ID } from '../sim/demo-community.js'
import { databaseUrl, dropDatabase, freshDb, POSTGRES, postgresReachable, type DbKind } from './databases.js'
import { answering, cpuMs, peakRssMb, percentile, pump, sleep, startProcess, stopProcess } from './processes.js'
import { DASHBOARD_PAGES } from './page-cost.js'
import { summaryCost, type SummaryCost } from './summary-cost.js'
import { benchConfig, benchMessages, benchWeChat, deliver, writeBenchConfig, type BenchWeChat } from './workload.js'
import { streetPageCosts, streetRun, type StreetRun } from './street.js'

// `npm run bench [-- --quick]`: the bot end to end over loopback gRPC against a bare echo bot on
// the same transport and bare Prisma inserts on the same database, at several sizes, on SQLite and
// PostgreSQL; then the daily summary and the 五+X digest over 10k and 100k cases.

const quick = process.argv.includes('--quick')
/** The pace at which latency is measured. */
const LATENCY_RATE = 50

interface Size {
  groups: number
  messages: number
}
interface EndToEnd extends Size {
  db: DbKind
  msgsPerSec: number
  /** CPU time the bot process spent per message during the throughput run. */
  cpuMsPerMsg: number
  rssMb: number
  p50Ms?: number
  p99Ms?: number
  echoMsgsPerSec?: number
  echoCpuMsPerMsg?: number
}











/** The bot (`dist/bot/main.js`, its own process) on `db`: throughput, then latency at 50 messages/s. */
async function endToEnd(config: CommunityConfig, db: DbKind, size: Size, latencyMessages: number): Promise<EndToEnd> {
  const url = databaseUrl(db, `e2e_${size.groups}_${size.messages}`)
  const setup = await benchWeChat(config, size.groups, Math.max(size.groups * 4, 40))
  const { wechat } = setup
  const bot = startProcess('dist/bot/main.js', {
    DATABASE_URL: url, COMMUNITY_CONFIG: writeBenchConfig(config), WECHATY_PUPPET: 'wechaty-puppet-service',
    WECHATY_PUPPET_SERVICE_TOKEN: wechat.token, WECHATY_PUPPET_SERVICE_ENDPOINT: wechat.endpoint, DASHBOARD_PORT: '0',
  })
  const database = await openDatabase(url)
  await tuneDb(database)
  const client = database.prisma
  try {
    await answering(wechat, bot.output)
    const { id: communityId } = await client.community.findFirstOrThrow()
    const drained = async () => (await client.outboxMessage.count({ where: { communityId, status: { in: ['pending', 'sending'] } } })) === 0
    const handledBefore = await client.inboundMessage.count({ where: { status: 'handled' } })
    const handled = async () => (await client.inboundMessage.count({ where: { status: 'handled' } })) - handledBefore
    const messages = benchMessages(setup, size.messages, 'tp', 1)
    // Counting handled rows in the database costs it something: every 100 ms, not more often.
    const cpuBefore = cpuMs(bot.child.pid!)
    const seconds = await pump(wechat, messages, handled, drained, 100)
    const msgsPerSec = Math.round(size.messages / seconds)
    const cpuMsPerMsg = (cpuMs(bot.child.pid!) - cpuBefore) / size.messages

    // Latency at a steady 50 messages/s, at households of their own (units 10 and up).
    const paced = benchMessages(setup, latencyMessages, 'lat', 2, 10)
    const sentAt = new Map<string, number>()
    const base = await client.inboundMessage.count({ where: { status: 'handled' } })
    const started = Date.now()
    for (let i = 0; i < paced.length; i++) {
      const due = started + (i * 1000) / LATENCY_RATE
      if (due > Date.now()) await sleep(due - Date.now())
      sentAt.set(paced[i]!.id, Date.now())
      deliver(wechat, paced[i]!)
    }
    const deadline = Date.now() + 120_000
    while (Date.now() < deadline && !((await client.inboundMessage.count({ where: { status: 'handled' } })) - base >= paced.length && (await drained()))) await sleep(20)
    const ackAt = new Map<number, number>()
    for (const line of wechat.transcript) {
      if (line.fromId !== BOT_ID || !line.roomId) continue
      for (const m of line.text.matchAll(/#(\d+)：/g)) if (!ackAt.has(Number(m[1]))) ackAt.set(Number(m[1]), line.at)
    }
    const cases = await client.case.findMany({ where: { sourceMessage: { in: [...sentAt.keys()] } }, select: { number: true, sourceMessage: true } })
    const latencies = cases.filter((c) => ackAt.has(c.number)).map((c) => ackAt.get(c.number)! - sentAt.get(c.sourceMessage!)!).sort((a, b) => a - b)
    const rssMb = peakRssMb(bot.child.pid!)
    return { db, ...size, msgsPerSec, cpuMsPerMsg, rssMb, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) }
  } finally {
    await client.$disconnect()
    await stopProcess(bot.child)
    await wechat.stop()
    await dropDatabase(url)
  }
}

/** A bare Wechaty echo bot (its own process) on the same transport: every message answered, nothing else. */
async function echo(config: CommunityConfig, size: Size): Promise<{ msgsPerSec: number; cpuMsPerMsg: number; rssMb: number }> {
  const setup = await benchWeChat(config, size.groups, Math.max(size.groups * 4, 40))
  const { wechat } = setup
  const bot = startProcess('dist/bot/bench/echo-bot.js', { WECHATY_PUPPET_SERVICE_TOKEN: wechat.token, WECHATY_PUPPET_SERVICE_ENDPOINT: wechat.endpoint })
  try {
    await answering(wechat, bot.output)
    let echoed = 0
    const before = wechat.transcript.filter((l) => l.fromId === BOT_ID).length
    const off = wechat.onLine((l) => l.fromId === BOT_ID && echoed++)
    const messages = benchMessages(setup, size.messages, 'echo', 1)
    // Lines already recorded before the listener count too.
    const cpuBefore = cpuMs(bot.child.pid!)
    const seconds = await pump(wechat, messages, () => echoed + Math.max(0, wechat.transcript.filter((l) => l.fromId === BOT_ID).length - before - echoed), () => true, 25)
    off()
    return { msgsPerSec: Math.round(size.messages / seconds), cpuMsPerMsg: (cpuMs(bot.child.pid!) - cpuBefore) / size.messages, rssMb: peakRssMb(bot.child.pid!) }
  } finally {
    await stopProcess(bot.child)
    await wechat.stop()
  }
}


/** The database's ceiling: the same incoming-message rows inserted with Prisma alone, WINDOW at a time. */
async function prismaInserts(db: DbKind, setup: BenchWeChat, count: number): Promise<number> {
  const { url, client } = await freshDb(db, `prisma_${count}`)
  try {
    const community = await client.community.create({ data: { name: '基准测试社区', timezone: 'Asia/Shanghai', createdAt: new Date() } })
    const messages = benchMessages(setup, count, 'ins', 1)
    const started = performance.now()
    let next = 0
    const worker = async () => {
      while (next < messages.length) {
        const m = messages[next++]!
        await client.inboundMessage.create({ data: { communityId: community.id, wechatId: m.id, roomId: m.roomId, talkerId: m.personId, talkerName: '居民', text: m.text, kind: 'text', receivedAt: new Date() } })
      }
    }
    await Promise.all(Array.from({ length: db === 'SQLite' ? 1 : 16 }, worker))
    return Math.round(count / ((performance.now() - started) / 1000))
  } finally {
    await client.$disconnect()
    await dropDatabase(url)
  }
}





const pad = (v: unknown, n: number) => String(v ?? '–').padStart(n)

async function main(): Promise<void> {
  const config = benchConfig()
  // `--sizes=500/50000` and `--databases=PostgreSQL` run part of the full set again.
  const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  const sizes: Size[] = option('sizes')?.split(',').map((s) => ({ groups: Number(s.split('/')[0]), messages: Number(s.split('/')[1]) }))
    ?? (quick ? [{ groups: 10, messages: 1000 }] : [{ groups: 10, messages: 1000 }, { groups: 100, messages: 10_000 }, { groups: 500, messages: 50_000 }])
  const latencyMessages = quick ? 250 : 1500
  // --quick measures SQLite unless --databases names others.
  const wanted = option('databases')?.split(',') ?? (quick ? ['SQLite'] : ['SQLite', 'PostgreSQL'])
  const reachable: DbKind[] = wanted.includes('PostgreSQL') && (await postgresReachable()) ? ['SQLite', 'PostgreSQL'] : ['SQLite']
  const databases = reachable.filter((db) => wanted.includes(db))
  if (databases.length === 0) throw new Error(`no database to measure: --databases=${wanted.join(',')} (SQLite, PostgreSQL; PostgreSQL at ${POSTGRES})`)
  const caseCounts = option('cases')?.split(',').map(Number) ?? (quick ? [10_000] : [10_000, 100_000])
  console.log(`红管家 benchmark${quick ? ' (--quick)' : ''}: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; send limiter off; databases: ${databases.join(', ')}`)
  // `--street`: a street's communities in one process on PostgreSQL (`--communities=1,5,20`), then its pages at 20 communities and 500k cases.
  if (process.argv.includes('--street')) return street(config, option)
  // `--pages`: only the summary and the pages over the case counts (e.g. `--pages --cases=100000`).
  if (process.argv.includes('--pages')) {
    const costs: SummaryCost[] = []
    for (const db of databases) for (const count of caseCounts) costs.push(await summaryCost(db, config, count))
    return printCosts(costs)
  }

  const runs: EndToEnd[] = []
  const echoes = new Map<string, Awaited<ReturnType<typeof echo>>>()
  const cpu = (ms: number) => ms.toFixed(1)
  for (const size of sizes) {
    const baseline = await echo(config, size)
    echoes.set(`${size.groups}/${size.messages}`, baseline)
    console.log(`  echo bot, ${size.groups} groups, ${size.messages} messages: ${baseline.msgsPerSec} msgs/s, ${cpu(baseline.cpuMsPerMsg)} ms CPU per message, peak RSS ${baseline.rssMb} MB`)
    for (const db of databases) {
      const run = { ...(await endToEnd(config, db, size, latencyMessages)), echoMsgsPerSec: baseline.msgsPerSec, echoCpuMsPerMsg: baseline.cpuMsPerMsg }
      runs.push(run)
      console.log(`  bot on ${db}, ${size.groups} groups, ${size.messages} messages: ${run.msgsPerSec} msgs/s, ${cpu(run.cpuMsPerMsg)} ms CPU per message, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms at ${LATENCY_RATE}/s, peak RSS ${run.rssMb} MB`)
    }
  }
  const largest = sizes.at(-1)!
  const insertSetup = await benchWeChat(config, largest.groups, 40)
  const inserts = new Map<DbKind, number>()
  for (const db of databases) inserts.set(db, await prismaInserts(db, insertSetup, largest.messages))
  await insertSetup.wechat.stop()
  const costs: SummaryCost[] = []
  for (const db of databases) for (const count of caseCounts) costs.push(await summaryCost(db, config, count))

  console.log('\nEnd to end (stored, parsed, case written, acknowledgement delivered), against the echo bot and bare Prisma inserts:')
  console.log(`${'database'.padEnd(11)}${pad('groups', 7)}${pad('msgs', 7)}${pad('msgs/s', 8)}${pad('echo/s', 8)}${pad('÷echo', 7)}${pad('inserts/s', 10)}${pad('÷ins', 6)}${pad('CPU ms', 8)}${pad('echo CPU', 10)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('RSS MB', 8)}${pad('echo MB', 9)}`)
  for (const r of runs) {
    const ins = inserts.get(r.db)!
    const baseline = echoes.get(`${r.groups}/${r.messages}`)!
    console.log(`${r.db.padEnd(11)}${pad(r.groups, 7)}${pad(r.messages, 7)}${pad(r.msgsPerSec, 8)}${pad(r.echoMsgsPerSec, 8)}${pad((r.msgsPerSec / r.echoMsgsPerSec!).toFixed(2), 7)}${pad(ins, 10)}${pad((r.msgsPerSec / ins).toFixed(2), 6)}${pad(cpu(r.cpuMsPerMsg), 8)}${pad(cpu(baseline.cpuMsPerMsg), 10)}${pad(r.p50Ms, 8)}${pad(r.p99Ms, 8)}${pad(r.rssMb, 8)}${pad(baseline.rssMb, 9)}`)
  }
  console.log(`(latency measured at a steady ${LATENCY_RATE} messages/s after each throughput run; inserts of ${largest.messages} rows; CPU ms: the process's CPU time per message in the throughput run, all threads; echo MB: the echo bot's peak RSS, the stack's own floor)`)
  printCosts(costs)

  const main = (runs.filter((r) => r.db === 'SQLite').at(-1) ?? runs.at(-1))!
  const summaryLargest = (costs.filter((c) => c.db === 'SQLite').at(-1) ?? costs.at(-1))!
  console.log(
    JSON.stringify({
      msgsPerSec: main.msgsPerSec, echoMsgsPerSec: main.echoMsgsPerSec, ratioToEcho: Number((main.msgsPerSec / main.echoMsgsPerSec!).toFixed(2)),
      prismaInsertsPerSec: inserts.get(main.db), p50Ms: main.p50Ms, p99Ms: main.p99Ms, rssMb: main.rssMb, echoRssMb: echoes.get(`${main.groups}/${main.messages}`)!.rssMb,
      cpuMsPerMsg: Number(cpu(main.cpuMsPerMsg)), echoCpuMsPerMsg: Number(cpu(main.echoCpuMsPerMsg!)),
      [`summary${summaryLargest.cases / 1000}kMs`]: summaryLargest.summaryMs, [`digest${summaryLargest.cases / 1000}kMs`]: summaryLargest.digestMs,
      dashboardSlowestPageMs: Math.max(...Object.entries(summaryLargest.pagesMs).filter(([p]) => !p.startsWith('/chart.svg')).map(([, ms]) => ms)),
      dashboardChartFirstMs: summaryLargest.pagesMs['/chart.svg first'],
      groups: main.groups, messages: main.messages, quick,
    }),
  )
}

async function street(config: CommunityConfig, option: (name: string) => string | undefined): Promise<void> {
  if (!(await postgresReachable())) throw new Error(`the street runs on PostgreSQL: none at ${POSTGRES}`)
  // `--communities=0`: only the street's pages.
  const counts = (option('communities')?.split(',').map(Number) ?? (quick ? [1, 5] : [1, 5, 20])).filter((n) => n > 0)
  const perCommunity = Number(option('messages') ?? (quick ? 200 : 500))
  // Building groups per community: a community's messages are read one at a time per group, so few groups hold it back.
  const groups = Number(option('groups') ?? 10)
  const runs: StreetRun[] = []
  for (const n of counts) {
    const run = await streetRun(config, n, perCommunity, quick ? 250 : 1500, groups)
    runs.push(run)
    console.log(`  street of ${n}: ${run.msgsPerSec} msgs/s (echo bots ${run.echoMsgsPerSec}), p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms at ${LATENCY_RATE}/s, peak RSS ${run.rssMb} MB`)
  }
  console.log(`\nA street in one process (PostgreSQL; every community its own local WeChat account with ${groups} groups, all busy at once):`)
  console.log(`${'communities'.padEnd(12)}${pad('msgs', 7)}${pad('msgs/s', 8)}${pad('echo/s', 8)}${pad('÷echo', 7)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('RSS MB', 8)}${pad('target MB', 11)}`)
  for (const r of runs) console.log(`${String(r.communities).padEnd(12)}${pad(r.messages, 7)}${pad(r.msgsPerSec, 8)}${pad(r.echoMsgsPerSec, 8)}${pad((r.msgsPerSec / r.echoMsgsPerSec).toFixed(2), 7)}${pad(r.p50Ms, 8)}${pad(r.p99Ms, 8)}${pad(r.rssMb, 8)}${pad(150 + 10 * r.communities, 11)}`)
  const communities = Number(option('street-communities') ?? 20)
  const cases = Number(option('street-cases') ?? (quick ? 50_000 : 500_000))
  const pages = await streetPageCosts(config, communities, cases)
  console.log(`\nThe street's pages at ${communities} communities and ${cases} cases, ms (median of 5, in process, the street secretary's session):`)
  for (const [page, ms] of Object.entries(pages)) console.log(`  ${page.padEnd(42)}${pad(ms, 8)}`)
  console.log(JSON.stringify({ street: runs, streetPagesMs: pages, communities, cases }))
}

function printCosts(costs: SummaryCost[]): void {
  console.log('\nDaily summary and 五+X digest (median of 5):')
  console.log(`${'database'.padEnd(11)}${pad('cases', 8)}${pad('summary ms', 12)}${pad('digest ms', 11)}`)
  for (const c of costs) console.log(`${c.db.padEnd(11)}${pad(c.cases, 8)}${pad(c.summaryMs, 12)}${pad(c.digestMs, 11)}`)
  console.log('\nDashboard pages, ms (median of 5, in process, a secretary\'s session):')
  console.log(`${'database'.padEnd(11)}${pad('cases', 8)}${DASHBOARD_PAGES.map((p) => pad(p, Math.max(8, p.length + 2))).join('')}`)
  for (const c of costs) console.log(`${c.db.padEnd(11)}${pad(c.cases, 8)}${DASHBOARD_PAGES.map((p) => pad(c.pagesMs[p], Math.max(8, p.length + 2))).join('')}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('benchmark failed:', error)
    process.exit(1)
  },
)
