import type { OutboxMessage } from './generated/prisma/client.js'
import type { Clock } from './clock.js'
import { systemClock } from './clock.js'
import type { SendingConfig } from './community-config.js'
import type { Db } from './db.js'
import type { Logger } from './logger.js'

export interface Outgoing {
  conversationId: string
  isRoom: boolean
  text: string
  mentionIds: string[]
  /** An image sent instead of the text. */
  file?: { name: string; data: Uint8Array }
}

/** The chat connection as the sender sees it. */
export interface Transport {
  send(message: Outgoing): Promise<void>
}

interface SenderOptions {
  db: Db
  communityId: number
  transport: Transport
  limits: SendingConfig
  log: Logger
  /** False while the account is logged out: nothing is tried, nothing is lost. */
  isOnline?: () => boolean
  /** Real time for pacing; tests of pacing pass their own. */
  clock?: Clock
  random?: () => number
  idlePollMs?: number
  /** No loop of its own: the caller drives it with step() (tests on a fake clock). */
  manual?: boolean
  /** Called once per 24-hour window when the sends reach limits.dailyAlert. */
  onDailyAlert?: (sent: number) => void
}

const MAX_ATTEMPTS = 3
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Drains the outbox one message at a time within the send limits: a gap with jitter between
 * any two sends, a gap per group, per-minute, per-hour and daily caps.
 */
export class OutboxSender {
  private running = false
  private loop?: Promise<void>
  private wake?: () => void
  private lastSend = 0
  private nextGap = 0
  private readonly lastPerConversation = new Map<string, number>()
  private readonly groupSends = new Map<string, number[]>()
  private alertedAt = 0
  private sentTimes: number[] = []
  private readonly retryAt = new Map<number, number>()
  private readonly clock: Clock
  private readonly random: () => number

  constructor(private readonly options: SenderOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  async start(): Promise<void> {
    const { db, communityId, log } = this.options
    // A row left in 'sending' was cut off mid-send: its fate is unknown, so it is reported, not resent.
    const cut = await db.outboxMessage.updateMany({ where: { communityId, status: 'sending' }, data: { status: 'unknown' } })
    if (cut.count > 0) log.warn({ count: cut.count }, 'outbox messages with unknown outcome after restart; not resent')
    const since = new Date(this.now() - DAY)
    const recent = await db.outboxMessage.findMany({ where: { communityId, sentAt: { gte: since } }, select: { sentAt: true, conversationId: true }, orderBy: { sentAt: 'asc' } })
    for (const r of recent) this.remember(r.conversationId, r.sentAt!.getTime())
    this.running = true
    if (!this.options.manual) this.loop = this.run()
  }

  /** One turn of the loop: sends the next message the limits allow; returns how long to wait. */
  step(): Promise<number> {
    return this.sendOne()
  }

  private remember(conversationId: string, at: number): void {
    this.sentTimes.push(at)
    this.lastPerConversation.set(conversationId, at)
    this.groupSends.set(conversationId, [...(this.groupSends.get(conversationId) ?? []).filter((t) => t > at - HOUR), at])
    this.lastSend = Math.max(this.lastSend, at)
  }

  /** Wakes the sender after new rows were queued. */
  kick(): void {
    this.wake?.()
  }

  async stop(): Promise<void> {
    this.running = false
    this.kick()
    await this.loop
  }

  private now(): number {
    return this.clock.now().getTime()
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const waitMs = await this.sendOne()
        if (waitMs > 0) await this.sleep(waitMs)
      } catch (error) {
        this.options.log.error({ err: error }, 'outbox sender failed; retrying shortly')
        await this.sleep(1000)
      }
    }
  }

  /** Sends the next due message if the limits allow; returns how long to wait before trying again. */
  private async sendOne(): Promise<number> {
    const { db, communityId, limits, idlePollMs = 1000, isOnline } = this.options
    if (isOnline && !isOnline()) return idlePollMs
    const now = this.now()
    const globalWait = this.lastSend + this.nextGap - now
    if (globalWait > 0) return globalWait
    this.sentTimes = this.sentTimes.filter((t) => t > now - DAY)
    const within = (ms: number) => this.sentTimes.filter((t) => t > now - ms)
    const minute = within(MINUTE)
    if (minute.length >= limits.perMinute) return minute[0]! + MINUTE - now
    const hour = within(HOUR)
    if (hour.length >= limits.perHour) return hour[0]! + HOUR - now
    const capped = this.sentTimes.length >= limits.dailyCap

    const candidates = await db.outboxMessage.findMany({ where: { communityId, status: 'pending' }, orderBy: { id: 'asc' }, take: 50 })
    if (candidates.length === 0) return idlePollMs
    let soonest = idlePollMs
    for (const row of candidates) {
      if (capped && row.isRoom) continue
      const lastHour = row.isRoom ? (this.groupSends.get(row.conversationId) ?? []).filter((t) => t > now - HOUR) : []
      const ready = Math.max(
        this.retryAt.get(row.id) ?? 0,
        (this.lastPerConversation.get(row.conversationId) ?? 0) + limits.perGroupGapSeconds * 1000,
        lastHour.length >= limits.perGroupPerHour ? lastHour[0]! + HOUR : 0,
      )
      if (ready > now) {
        soonest = Math.min(soonest, ready - now)
        continue
      }
      await this.deliver(row)
      return 0
    }
    return soonest
  }

  private async deliver(row: OutboxMessage): Promise<void> {
    const { db, transport, limits, log } = this.options
    const claimed = await db.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'sending', attempts: { increment: 1 } } })
    if (claimed.count === 0) return
    const mentionIds = row.mentionIds ? row.mentionIds.split(',') : []
    try {
      const file = row.fileName && row.fileData ? { name: row.fileName, data: row.fileData } : undefined
      await transport.send({ conversationId: row.conversationId, isRoom: row.isRoom, text: row.text, mentionIds, file })
      const at = this.now()
      await db.outboxMessage.update({ where: { id: row.id }, data: { status: 'sent', sentAt: new Date(at) } })
      this.remember(row.conversationId, at)
      if (this.sentTimes.length >= limits.dailyAlert && at - this.alertedAt > DAY) {
        this.alertedAt = at
        log.warn({ sent: this.sentTimes.length, dailyCap: limits.dailyCap }, 'many messages sent in 24 hours; group sends stop at the daily cap')
        this.options.onDailyAlert?.(this.sentTimes.length)
      }
      const [lo, hi] = limits.jitterSeconds
      this.nextGap = Math.ceil((limits.minGapSeconds + lo + this.random() * Math.max(0, hi - lo)) * 1000)
    } catch (error) {
      const attempts = row.attempts + 1
      const failed = attempts >= MAX_ATTEMPTS
      log.error({ err: error, outboxId: row.id, conversationId: row.conversationId, attempts }, failed ? 'message could not be sent; giving up' : 'send failed; will retry')
      await db.outboxMessage.update({ where: { id: row.id }, data: { status: failed ? 'failed' : 'pending', error: String(error).slice(0, 500) } })
      this.retryAt.set(row.id, this.now() + 5000 * attempts)
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, Math.min(ms, 60_000)))
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }
}
