import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { startApp, type App } from '../../bot/app.js'
import { ManualClock } from '../../bot/clock.js'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import { EXAMPLE_CONFIG_PATH, loadCommunityConfig } from '../../bot/config/community-config.js'
import { loadEnv } from '../../bot/config/env.js'
import { seedDemoCommunity, type Demo } from '../../bot/sim/demo-community.js'
import { LocalWeChat, type ChatLine } from '../../bot/sim/local-wechat.js'

export const silentLog = pino({ level: process.env.TEST_LOG ?? 'silent' })

/** The shipped example community with the send limits opened up, so a story runs in seconds. */
export function testConfig(overrides: Partial<CommunityConfig> = {}): CommunityConfig {
  const base = loadCommunityConfig(EXAMPLE_CONFIG_PATH)
  return {
    ...base,
    sending: { minGapSeconds: 0, jitterSeconds: [0, 0], perGroupGapSeconds: 0, perGroupPerHour: 10000, perMinute: 1000, perHour: 10000, dailyAlert: 10000, dailyCap: 10000, broadcastGapSeconds: [0, 0], frequentPauseMinutes: [30, 60, 120], perContactPerHour: 10000 },
    ...overrides,
  }
}

/**
 * A fresh database for one test: a new SQLite file, or with TEST_DATABASE=postgres a new schema
 * in the PostgreSQL at TEST_POSTGRES_URL (default 127.0.0.1:5432, database test).
 */
export function tempDatabaseUrl(): string {
  return process.env.TEST_DATABASE === 'postgres' ? tempPostgresUrl() : tempSqliteUrl()
}

/** A new schema in the test PostgreSQL, dropped after the run (postgres-cleanup.ts). */
export function tempPostgresUrl(): string {
  const base = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'
  return `${base}?schema=${process.env.TEST_SCHEMA_PREFIX ?? 't_'}${randomUUID().replace(/-/g, '')}`
}

export function tempSqliteUrl(): string {
  const dir = path.join(tmpdir(), 'hongguanjia-test')
  mkdirSync(dir, { recursive: true })
  return `file:${path.join(dir, `${randomUUID()}.db`)}`
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits until `check` holds, polling; fails naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(50)
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** A local WeChat with the demo community, and the bot connected to it over puppet-service. */
export class Harness {
  private constructor(
    readonly wechat: LocalWeChat,
    readonly demo: Demo,
    readonly app: App,
    readonly clock: ManualClock,
    readonly config: CommunityConfig,
    readonly databaseUrl: string,
  ) {}

  static async start(options: { config?: CommunityConfig; clock?: ManualClock; databaseUrl?: string; wechat?: LocalWeChat; env?: Record<string, string>; manualSending?: boolean; standby?: boolean; botId?: string; faultAfterHandling?: (messageId: string) => void } = {}): Promise<Harness> {
    const config = options.config ?? testConfig()
    const clock = options.clock ?? new ManualClock('2026-11-20T10:00:00+08:00')
    const wechat = options.wechat ?? (await LocalWeChat.start())
    const demo = seedDemoCommunity(wechat, config, options.botId)
    const databaseUrl = options.databaseUrl ?? tempDatabaseUrl()
    const env = loadEnv({
      DATABASE_URL: databaseUrl,
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: wechat.token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: wechat.endpoint,
      // Many bots run side by side in the tests: each dashboard on a free port.
      DASHBOARD_PORT: '0',
      ...options.env,
    })
    const app = await startApp({ env, config, clock, log: silentLog, manualSending: options.manualSending, faultAfterHandling: options.faultAfterHandling })
    // A second instance on the database of a running one stands by (the connection lease) and never logs in.
    if (options.standby) {
      if (app.lease.held) throw new Error('expected another instance to hold the connection')
    } else await app.ready
    return new Harness(wechat, demo, app, clock, config, databaseUrl)
  }

  /** A harness around a bot already started (one community of a street), to speak and listen in its WeChat. */
  static around(wechat: LocalWeChat, demo: Demo, app: App, clock: ManualClock, config: CommunityConfig, databaseUrl: string): Harness {
    return new Harness(wechat, demo, app, clock, config, databaseUrl)
  }

  get db() {
    return this.app.db
  }

  personId(name: string): string {
    const p = this.demo.people.find((x) => x.name === name)
    if (!p) throw new Error(`no person ${name}`)
    return p.id
  }

  roomId(topic: string): string {
    const g = this.demo.groups.find((x) => x.topic === topic)
    if (!g) throw new Error(`no group ${topic}`)
    return g.roomId
  }

  /** What the bot has said so far, optionally only in one place (a group topic or a person's name). */
  botLines(where?: string): ChatLine[] {
    return this.wechat.transcript.filter((l) => l.fromId === this.demo.botId && (where === undefined || l.where === where))
  }

  /** Someone speaks in a group, or privately to the bot when `group` is null. */
  say(name: string, group: string | null, text: string): void {
    const personId = this.personId(name)
    this.wechat.say(personId, text, group ? { roomId: this.roomId(group) } : { to: this.demo.botId })
  }

  /**
   * Says a line and returns the bot's next line in `where` (default: the same place). Replies
   * still queued from earlier lines are delivered first, so they are never taken for the answer.
   */
  async ask(name: string, group: string | null, text: string, where?: string): Promise<string> {
    await this.drained()
    const place = where ?? group ?? name
    const before = this.botLines(place).length
    this.say(name, group, text)
    return this.waitForLine(place, before)
  }

  async waitForLine(where: string, after: number, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const lines = this.botLines(where)
      if (lines.length > after) return lines[after]!.text
      await sleep(25)
    }
    throw new Error(`the bot said nothing in ${where} within ${timeoutMs} ms`)
  }

  /** Waits until every stored message is handled and every queued reply has been sent. */
  private async drained(): Promise<void> {
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      const [unhandled, unsent] = await Promise.all([
        this.db.inboundMessage.count({ where: { status: 'received' } }),
        this.db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }),
      ])
      if (unhandled === 0 && unsent === 0) return
      await sleep(25)
    }
    throw new Error('replies were still queued after 15 s')
  }

  /** Waits until every stored message is handled and the outbox is empty, then a little more. */
  async settle(quietMs = 400): Promise<void> {
    const deadline = Date.now() + 15_000
    let lastInbound = -1
    let lastLines = -1
    while (Date.now() < deadline) {
      const [inbound, unhandled, unsent] = await Promise.all([
        this.db.inboundMessage.count(),
        this.db.inboundMessage.count({ where: { status: 'received' } }),
        this.db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } }),
      ])
      const lines = this.wechat.transcript.length
      if (unhandled === 0 && unsent === 0 && inbound === lastInbound && lines === lastLines) return
      lastInbound = inbound
      lastLines = lines
      await sleep(quietMs)
    }
    throw new Error('the bot did not settle')
  }

  async stop(options: { keepWeChat?: boolean } = {}): Promise<void> {
    await this.app.stop()
    if (!options.keepWeChat) await this.wechat.stop()
  }
}
