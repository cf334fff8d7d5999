import { spawn } from 'node:child_process'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { postgresConnection } from '../../bot/config/database-url.js'
import { CHATTER, PROBLEMS, seeded } from '../../bot/bench/workload.js'
import { BOT_ID } from '../../bot/sim/demo-community.js'
import { LocalWeChat } from '../../bot/sim/local-wechat.js'
import { Harness, sleep, testConfig, until } from '../support/harness.js'

/** How many messages the soak pushes through; SOAK_MESSAGES raises it for a longer run. */
const MESSAGES = Number(process.env.SOAK_MESSAGES ?? 3000)
/** Messages per second offered by the residents together. */
const RATE = 40
const RESIDENTS = 60
const ROOMS = { '3栋业主群': '3', '12号楼邻里群': '12', 红管家服务驿站: null } as const
const FREQUENT = '发送消息过于频繁，请稍后再试'

type Kind = 'request' | 'chatter' | 'command'
interface Sent {
  id: string
  kind: Kind
  personId: string
  roomId: string | null
}

let h: Harness | undefined
afterAll(async () => {
  await h?.stop()
})

// A few thousand messages from sixty residents in three groups, through the whole stack (local
// WeChat → puppet-service → bot → database → outbox → WeChat), with faults at random: the same
// message delivered twice (at once or seconds later), messages held up and delivered late, WeChat
// refusing sends as too frequent, and the database locked for a few seconds. Afterwards: every
// message stored once and handled, every request one case acknowledged exactly once, chit-chat
// never answered, every command answered once, and no send limit ever exceeded.
it(`soaks ${MESSAGES} messages with random faults and keeps every invariant`, async () => {
  const seed = Number(process.env.SOAK_SEED ?? 20261121)
  const random = seeded(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const base = testConfig()
  const sending = { ...base.sending, minGapSeconds: 0, jitterSeconds: [0, 0.2] as [number, number], perGroupGapSeconds: 1, perMinute: 120, frequentPauseMinutes: [0.05, 0.1, 0.15] }
  // Every party has a work group, as a busy station arranges it: new cases are announced there, several to a message.
  const parties = Object.fromEntries(Object.entries(base.parties).map(([party, p]) => [party, { ...p!, group: p!.group ?? '物业工作群' }]))
  const config = { ...base, sending, parties }

  const wechat = await LocalWeChat.start()
  const residents = Array.from({ length: RESIDENTS }, (_, i) => wechat.person(`wxid_soak_${i}`, `邻居${String(i + 1).padStart(2, '0')}`).id)
  wechat.person(BOT_ID, config.botName)
  for (const m of config.members) wechat.person(m.id, m.name)
  config.groups.forEach((g, i) => wechat.group(`demo_group_${i + 1}`, g.topic, [BOT_ID, ...config.members.map((m) => m.id), ...residents]))
  h = await Harness.start({ config, wechat })
  const harness = h
  const roomOf = (topic: string) => harness.roomId(topic)

  const sent: Sent[] = []
  const places = new Set<string>()
  const faults = { duplicates: 0, late: 0, frequent: 0, locks: 0 }
  const deliver = (s: Sent, text: string, timestamp?: number) => wechat.deliver({ id: s.id, personId: s.personId, ...(s.roomId ? { roomId: s.roomId } : { to: BOT_ID }), text, timestamp })

  const started = Date.now()
  const stalls: Array<Promise<void>> = []
  // One refusal after another: a window still open when the next one opens would be one refusal counted twice.
  let refusals = Promise.resolve()
  for (let i = 0; i < MESSAGES; i++) {
    // Faults of the whole stack at fixed points of the run.
    if (i === Math.floor(MESSAGES * 0.25) || i === Math.floor(MESSAGES * 0.5) || i === Math.floor(MESSAGES * 0.8)) {
      faults.frequent++
      refusals = refusals.then(() => refuseOneSend(wechat))
      stalls.push(refusals)
    }
    if (i === Math.floor(MESSAGES * 0.6)) {
      faults.locks++
      stalls.push(lockDatabaseFor(harness.databaseUrl, 3000))
    }
    const r = random()
    const kind: Kind = r < 0.7 ? 'request' : r < 0.97 ? 'chatter' : 'command'
    const personId = pick(residents)
    const topic = pick(Object.keys(ROOMS)) as keyof typeof ROOMS
    const s: Sent = { id: `soak-${i}`, kind, personId, roomId: kind === 'command' ? null : roomOf(topic) }
    let text: string
    if (kind === 'request') {
      // A place of its own for every request, so none is the same problem as another.
      let place: string
      do place = `${ROOMS[topic] ?? String(1 + Math.floor(random() * 20))}栋${1 + Math.floor(random() * 9)}单元${(1 + Math.floor(random() * 33)) * 100 + 1 + Math.floor(random() * 6)}`
      while (places.has(place))
      places.add(place)
      text = `${place}${pick(PROBLEMS)}`
    } else text = kind === 'chatter' ? pick(CHATTER) : '我的工单'
    sent.push(s)
    const f = random()
    if (f < 0.04) {
      // Held up while the bot was away: it arrives with a time stamp from twenty minutes ago.
      faults.late++
      deliver(s, text, Date.now() - 20 * 60_000)
    } else deliver(s, text)
    if (f >= 0.04 && f < 0.08) {
      faults.duplicates++
      deliver(s, text)
    } else if (f >= 0.08 && f < 0.12) {
      faults.duplicates++
      setTimeout(() => deliver(s, text), 500 + random() * 2500)
    }
    const due = started + ((i + 1) * 1000) / RATE
    if (due > Date.now()) await sleep(due - Date.now())
  }
  await Promise.all(stalls)
  const offeredSeconds = (Date.now() - started) / 1000

  const db = harness.db
  await until(async () => {
    const [unhandled, unsent] = await Promise.all([
      db.inboundMessage.count({ where: { status: 'received' } }),
      db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }),
    ])
    return unhandled === 0 && unsent === 0
  }, 'everything handled and sent', 240_000)
  await sleep(2000)
  const drainedSeconds = (Date.now() - started) / 1000

  // Every message stored exactly once, and handled.
  const stored = await db.inboundMessage.findMany({ select: { wechatId: true, status: true } })
  expect(stored.length).toBe(sent.length)
  expect(new Set(stored.map((m) => m.wechatId))).toEqual(new Set(sent.map((s) => s.id)))
  expect(stored.filter((m) => m.status !== 'handled')).toEqual([])

  // Every request one case, from that very message.
  const requests = sent.filter((s) => s.kind === 'request')
  const cases = await db.case.findMany({ select: { number: true, sourceMessage: true, groupId: true } })
  expect(cases.length).toBe(requests.length)
  expect(new Set(cases.map((c) => c.sourceMessage))).toEqual(new Set(requests.map((s) => s.id)))

  // Every acknowledgement sent exactly once (at most once, and nothing lost), in the reporter's group.
  const groups = await db.chatGroup.findMany({ select: { id: true, roomId: true } })
  const roomIdOf = new Map(groups.map((g) => [g.id, g.roomId]))
  const botLines = wechat.transcript.filter((l) => l.fromId === BOT_ID)
  const ackCounts = new Map<number, number>()
  for (const line of botLines) {
    if (!line.roomId || !Object.keys(ROOMS).includes(line.where)) continue
    for (const m of line.text.matchAll(/#(\d+)：/g)) ackCounts.set(Number(m[1]), (ackCounts.get(Number(m[1])) ?? 0) + 1)
  }
  const wrong = cases.filter((c) => ackCounts.get(c.number) !== 1).map((c) => [c.number, ackCounts.get(c.number) ?? 0])
  expect(wrong, 'cases not acknowledged exactly once: [number, times]').toEqual([])
  for (const c of cases) {
    const where = botLines.find((l) => l.roomId && l.text.match(new RegExp(`#${c.number}：`)) && Object.keys(ROOMS).includes(l.where))
    expect(where?.roomId).toBe(roomIdOf.get(c.groupId!))
  }
  // Chit-chat is never answered: every line in a residents' group acknowledges cases.
  expect(botLines.filter((l) => l.roomId && Object.keys(ROOMS).includes(l.where) && !/#\d+：/.test(l.text)).map((l) => l.text)).toEqual([])
  // Each new case announced once in the work group.
  const noticeCounts = new Map<number, number>()
  for (const line of botLines.filter((l) => l.where === '物业工作群')) for (const m of line.text.matchAll(/新工单 #(\d+)：/g)) noticeCounts.set(Number(m[1]), (noticeCounts.get(Number(m[1])) ?? 0) + 1)
  expect([...noticeCounts.values()].filter((n) => n !== 1)).toEqual([])
  expect(noticeCounts.size).toBe(cases.length)
  // Every command answered once, privately.
  const commands = sent.filter((s) => s.kind === 'command')
  for (const person of new Set(commands.map((c) => c.personId))) {
    const answers = botLines.filter((l) => l.roomId === null && l.toId === person)
    expect(answers.length, `private answers to ${person}`).toBe(commands.filter((c) => c.personId === person).length)
  }
  expect(await db.outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0)

  // No limit exceeded: per minute (any 60 s window), the gap per conversation, no send while paused.
  const times = botLines.map((l) => l.at).sort((a, b) => a - b)
  let busiestMinute = 0
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 60_000) i++
    busiestMinute = Math.max(busiestMinute, j - i + 1)
  }
  expect(busiestMinute).toBeLessThanOrEqual(sending.perMinute)
  // Urgent receipts and notices are held by no conversation's own gap (only the account's): the gap is checked before every other line.
  const byPlace = new Map<string, Array<{ at: number; urgent: boolean }>>()
  for (const l of botLines) byPlace.set(l.roomId ?? l.toId!, [...(byPlace.get(l.roomId ?? l.toId!) ?? []), { at: l.at, urgent: l.text.includes('紧急') }])
  const tightest = Math.min(...[...byPlace.values()].flatMap((ls) => ls.slice(1).flatMap((l, k) => (l.urgent ? [] : [l.at - ls[k]!.at]))))
  // The local WeChat stamps a line when it is recorded: a few milliseconds either side of the send.
  expect(tightest).toBeGreaterThanOrEqual(sending.perGroupGapSeconds * 1000 - 100)
  const pauses = await db.auditLog.findMany({ where: { action: 'send-paused' } })
  expect(pauses).toHaveLength(faults.frequent)
  expect(wechat.refusedSends, 'one try per pause, no retries while paused').toBe(faults.frequent)
  for (const p of pauses) {
    const until = Number(JSON.parse(p.detail).until)
    expect(botLines.filter((l) => l.at > p.at.getTime() + 50 && l.at < until - 50)).toEqual([])
  }

  console.log(
    `soak: ${sent.length} messages (${requests.length} requests, ${commands.length} commands) in ${offeredSeconds.toFixed(0)} s, drained at ${drainedSeconds.toFixed(0)} s; ` +
      `${faults.duplicates} duplicate and ${faults.late} late deliveries, ${faults.frequent} 频繁 refusals, ${faults.locks} database lock; ` +
      `${botLines.length} messages sent, busiest minute ${busiestMinute} (limit ${sending.perMinute}), tightest gap in one chat ${tightest} ms; seed ${seed}`,
  )
}, 600_000)

/**
 * WeChat refuses the next send as too frequent, then accepts sends again before the pause ends.
 * The next send may be most of a minute away (the per-minute cap reached early in the minute).
 */
async function refuseOneSend(wechat: LocalWeChat): Promise<void> {
  const before = wechat.refusedSends
  wechat.refuseSends(FREQUENT)
  const deadline = Date.now() + 90_000
  while (wechat.refusedSends === before && Date.now() < deadline) await sleep(20)
  wechat.refuseSends(null)
  if (wechat.refusedSends === before) throw new Error('the bot tried no send for 90 s while WeChat was set to refuse one')
}

/**
 * Another program holds the database for `ms`: an exclusive SQLite transaction in a separate
 * process (the bot's writes wait, within their busy timeout), or a PostgreSQL lock on the table
 * messages are stored in.
 */
async function lockDatabaseFor(url: string, ms: number): Promise<void> {
  if (url.startsWith('file:')) {
    const script = `const db = require('better-sqlite3')(process.argv[1]); db.exec('BEGIN EXCLUSIVE'); console.log('locked'); setTimeout(() => { db.exec('ROLLBACK'); db.close() }, ${ms})`
    const child = spawn(process.execPath, ['-e', script, url.slice('file:'.length)], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()))
    await new Promise((resolve) => child.once('exit', resolve))
    return
  }
  const { connectionString, schema } = postgresConnection(url)
  const client = new pg.Client({ connectionString })
  await client.connect()
  await client.query('BEGIN')
  await client.query(`LOCK TABLE "${schema}"."InboundMessage" IN ACCESS EXCLUSIVE MODE`)
  await sleep(ms)
  await client.query('ROLLBACK')
  await client.end()
}
