import type { SendingConfig } from '../../handlers/community/config-schema.js'
import type { Clock } from '../clock.js'
import { systemClock } from '../clock.js'
import type { Database } from '../db/client.js'
import { withDbRetry } from '../db/retry.js'
import { claimOutbox, markOutboxSent, pendingOutbox, pendingToCombine, type PendingRow } from '../db/statements/outbox.js'
import type { Logger } from '../logger.js'
import { combinedMessage, gathers, MAX_COALESCED, messagesOfTurn } from './combine.js'
import { Pacing, type FrequentPause } from './pacing.js'
import { classifySendError } from './send-errors.js'
import type { Outgoing, Transport } from './transport.js'
import { planTurn } from './turn.js'

export type { FrequentPause }

interface SenderOptions {
  database: Database
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
  /** Called each time WeChat refuses a send as too frequent and all sending pauses. */
  onFrequent?: (pause: FrequentPause) => void
  /** Called (at most once a day) when a reply has waited more than 10 minutes for its group's limits. */
  onHeld?: (waitedMinutes: number) => void
}

const MAX_ATTEMPTS = 3
const DAY = 86_400_000
/** Pending rows looked at per turn. */
const CANDIDATES = 50
/** Urgent pending rows looked at per turn, ahead of the others. */
const URGENT_CANDIDATES = 20
/** How long marking sent rows as sent waits for a busy database. */
const RECORD_SENT_FOR_MS = 60_000

/**
 * Drains the outbox within the send limits (pacing.ts): one message at a time, or a turn of
 * several when no gap is configured, claimed together so a crash mid-turn leaves its unsent rows
 * of unknown outcome, never sent twice. Urgent rows are read first; acknowledgements waiting
 * together for one group, notices for one staff group or person, and replies that waited out a
 * group's cap go as one message (combine.ts).
 */
export class OutboxSender {
  private running = false
  private loop?: Promise<void>
  private wake?: () => void
  /** Rows were queued since the current turn began: no sleeping after it. */
  private kicked = false
  private readonly pacing: Pacing
  /** Groups whose ordinary replies waited for the hourly cap: when their turn comes, those replies go as one message. */
  private readonly capHeld = new Set<string>()
  private readonly clock: Clock

  constructor(private readonly options: SenderOptions) {
    this.clock = options.clock ?? systemClock
    this.pacing = new Pacing(options.limits, options.random ?? Math.random)
  }

  async start(): Promise<void> {
    const { database, communityId, log } = this.options
    const db = database.prisma
    // A row left in 'sending' was cut off mid-send: its fate is unknown, so it is reported, not resent.
    const cut = await db.outboxMessage.updateMany({ where: { communityId, status: 'sending' }, data: { status: 'unknown' } })
    if (cut.count > 0) log.warn({ count: cut.count }, 'outbox messages with unknown outcome after restart; not resent')
    const since = new Date(this.now() - DAY)
    const recent = await db.outboxMessage.findMany({ where: { communityId, sentAt: { gte: since } }, select: { sentAt: true, conversationId: true, broadcast: true }, orderBy: { sentAt: 'asc' } })
    for (const r of recent) {
      this.pacing.remember(r.conversationId, r.sentAt!.getTime())
      if (r.broadcast) this.pacing.rememberBroadcast(r.broadcast, r.sentAt!.getTime())
    }
    // A pause survives a restart: WeChat does not forget because the bot did.
    const pauses = await db.auditLog.findMany({ where: { communityId, action: 'send-paused', at: { gte: since } }, orderBy: { at: 'asc' } })
    for (const p of pauses) this.pacing.rememberPause(p.at.getTime(), Number(JSON.parse(p.detail).until ?? 0))
    this.running = true
    if (!this.options.manual) this.loop = this.run()
  }

  /** One turn of the loop: sends what the limits allow now; returns how long to wait. */
  step(): Promise<number> {
    return this.sendTurn()
  }

  /** Until when all sending is paused after a "频繁" answer (null when it is not). */
  get pausedTill(): Date | null {
    const until = this.pacing.pausedTill(this.now())
    return until ? new Date(until) : null
  }

  /** Wakes the sender after new rows were queued. */
  kick(): void {
    this.kicked = true
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
        this.kicked = false
        const waitMs = await this.sendTurn()
        // Rows queued while the turn read the queue would otherwise wait out the whole sleep.
        if (waitMs > 0 && !this.kicked) await this.sleep(waitMs)
      } catch (error) {
        this.options.log.error({ err: error }, 'outbox sender failed; retrying shortly')
        await this.sleep(1000)
      }
    }
  }

  /** Sends what the limits allow now; returns how long to wait before trying again. */
  private async sendTurn(): Promise<number> {
    const { idlePollMs = 1000, isOnline } = this.options
    if (isOnline && !isOnline()) return idlePollMs
    const now = this.now()
    const wait = this.pacing.accountWait(now)
    if (wait > 0) return wait
    const room = this.pacing.turnRoom(now)
    // At the daily cap only private replies and urgent posts may go: looked for past any number of group posts waiting.
    const candidates = await this.candidates(this.pacing.dailyCapped(now))
    if (candidates.length === 0) return idlePollMs
    const turn = planTurn(candidates, room, now, this.pacing, this.capHeld, idlePollMs)
    for (const { row, readyAt } of turn.capped) this.noteHeld(row, now, readyAt)
    if (turn.rows.length === 0) return turn.soonestMs
    const messages = messagesOfTurn(turn.rows, await this.combinePool(turn.rows, candidates), this.capHeld)
    await this.deliver(messages)
    // The whole queue went in this turn: nothing to read again until more is queued (which wakes the sender).
    const covered = new Set(messages.flat().map((r) => r.id))
    return candidates.length < CANDIDATES && candidates.every((r) => covered.has(r.id)) ? idlePollMs : 0
  }

  /** What this turn looks at: urgent rows first (however long the queue of ordinary ones), then the oldest pending rows. */
  private async candidates(privateOnly: boolean): Promise<PendingRow[]> {
    const { database, communityId } = this.options
    const [urgent, oldest] = await Promise.all([
      // Urgent receipts and notices pass the daily cap too: a gas leak is not kept till tomorrow by today's chatter.
      pendingOutbox(database.sql, { communityId, urgentOnly: true, privateOnly: false, limit: URGENT_CANDIDATES }),
      pendingOutbox(database.sql, { communityId, privateOnly, limit: CANDIDATES }),
    ])
    if (urgent.length === 0) return oldest
    const first = new Set(urgent.map((r) => r.id))
    return [...urgent, ...oldest.filter((r) => !first.has(r.id))]
  }

  /** Where the companions of the turn's combining messages are found: the candidates, or, past a long queue, read for them. */
  private async combinePool(turn: PendingRow[], candidates: PendingRow[]): Promise<PendingRow[]> {
    const together = turn.filter((row) => gathers(row, this.capHeld))
    if (together.length === 0 || candidates.length < CANDIDATES) return candidates
    return pendingToCombine(this.options.database.sql, this.options.communityId, together, MAX_COALESCED)
  }

  /** A row held by its group's cap for long is logged once, and the operator told once a day. */
  private noteHeld(row: PendingRow, now: number, ready: number): void {
    const held = this.pacing.held(row.id, now)
    if (!held) return
    this.options.log.warn({ outboxId: row.id, conversationId: row.conversationId, waitedMin: held.waitedMinutes, readyInMin: Math.round((ready - now) / 60_000) }, 'reply held back by the group send limits')
    if (held.tellOperator) this.options.onHeld?.(held.waitedMinutes)
  }

  /** The message made of `rows` (those of a turn's message this process claimed); an image's bytes are read only now. */
  private async compose(rows: PendingRow[]): Promise<Outgoing> {
    const combined = combinedMessage(rows)
    if (combined) return combined
    const row = rows[0]!
    const stored = row.fileName ? await this.options.database.prisma.outboxMessage.findUnique({ where: { id: row.id }, select: { fileData: true } }) : null
    const file = row.fileName && stored?.fileData ? { name: row.fileName, data: stored.fileData } : undefined
    return { conversationId: row.conversationId, isRoom: row.isRoom, text: row.text, mentionIds: row.mentionIds ? row.mentionIds.split(',') : [], file }
  }

  /**
   * Claims the rows of the turn's messages in one statement, sends each message made of what was
   * claimed, one after another, and records the outcome: the sent ones in one statement at the end.
   */
  private async deliver(messages: PendingRow[][]): Promise<void> {
    const mine = new Set(await claimOutbox(this.options.database.sql, messages.flat().map((r) => r.id)))
    const mineOf = (rows: PendingRow[]) => rows.filter((r) => mine.has(r.id))
    const sent: number[] = []
    let lastAt = 0
    try {
      for (let i = 0; i < messages.length; i++) {
        const rows = mineOf(messages[i]!)
        if (rows.length === 0) continue
        const ids = rows.map((r) => r.id)
        const later = () => messages.slice(i + 1).flatMap(mineOf).map((r) => r.id)
        const message = await this.compose(rows).catch(async (error) => {
          // An image that could not be read yet (the database busy): back in the queue as it was, with the rest of the turn.
          await this.release([...ids, ...later()])
          throw error
        })
        try {
          await this.options.transport.send(message)
        } catch (error) {
          if (await this.failed(error, rows, message)) continue
          // Nothing more is tried in this turn: the rest goes back in the queue untouched.
          await this.release(later())
          return
        }
        lastAt = this.now()
        sent.push(...ids)
        this.afterSend(message, rows, lastAt)
      }
    } finally {
      if (sent.length > 0) await this.recordSent(sent, lastAt)
    }
  }

  /** Back in the queue as they were. */
  private async release(ids: number[]): Promise<void> {
    if (ids.length > 0) await this.options.database.prisma.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: 'pending' } })
  }

  /**
   * Marks sent rows as sent, waiting while the database is busy. Should that fail, they stay
   * "sending" and are reported as of unknown outcome at the next start: never sent twice.
   */
  private recordSent(ids: number[], at: number): Promise<number> {
    const { database, log } = this.options
    return withDbRetry(
      () => markOutboxSent(database.sql, ids, new Date(at)),
      (error, attempt, waitMs) => log.warn({ err: String(error).slice(0, 200), outboxIds: ids, attempt, waitMs }, 'database busy while recording sent messages; trying again'),
      RECORD_SENT_FOR_MS,
    )
  }

  private afterSend(message: Outgoing, rows: PendingRow[], at: number): void {
    const { dailyAlert } = this.pacing.sent({ conversationId: message.conversationId, broadcast: rows[0]!.broadcast }, at)
    if (dailyAlert === undefined) return
    this.options.log.warn({ sent: dailyAlert, dailyCap: this.options.limits.dailyCap }, 'many messages sent in 24 hours; group sends stop at the daily cap')
    this.options.onDailyAlert?.(dailyAlert)
  }

  /**
   * Records a failed send on its rows. True when the turn may go on with its next message; false
   * when nothing more should be tried now (WeChat said 频繁, or the connection dropped).
   */
  private async failed(error: unknown, rows: PendingRow[], message: Outgoing): Promise<boolean> {
    const { database, log } = this.options
    const db = database.prisma
    const ids = rows.map((r) => r.id)
    const failure = classifySendError(error)
    if (failure === 'too-frequent') {
      // Not sent: back in the queue untouched, and nothing at all is tried until the pause is over.
      await db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: 'pending', error: String(error).slice(0, 500) } })
      await this.pause(error)
      return false
    }
    if (failure === 'connection-lost') {
      log.warn({ err: String(error).slice(0, 200), outboxIds: ids }, 'connection lost while sending; will retry')
      await this.release(ids)
      this.pacing.retryLater(ids, this.now(), 5000)
      return false
    }
    const attempts = rows[0]!.attempts + 1
    const gaveUp = attempts >= MAX_ATTEMPTS
    log.error({ err: error, outboxIds: ids, conversationId: message.conversationId, attempts }, gaveUp ? 'message could not be sent; giving up' : 'send failed; will retry')
    await db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: gaveUp ? 'failed' : 'pending', attempts, error: String(error).slice(0, 500) } })
    this.pacing.retryLater(ids, this.now(), 5000 * attempts)
    return true
  }

  /** Stops all sending (pacing.ts says how long) and records the pause, which a restart reads back. */
  private async pause(error: unknown): Promise<void> {
    const { database, communityId, log } = this.options
    const now = this.now()
    const pause = this.pacing.pause(now)
    log.error({ err: error, minutes: pause.minutes, until: pause.until }, 'WeChat says messages are too frequent; all sending paused')
    const detail = JSON.stringify({ minutes: pause.minutes, until: pause.until.getTime() })
    await database.prisma.auditLog.create({ data: { communityId, actor: 'system', action: 'send-paused', detail, at: new Date(now) } })
    this.options.onFrequent?.(pause)
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
