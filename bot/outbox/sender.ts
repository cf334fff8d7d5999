import type { OutboxMessage } from '../generated/prisma/client.js'
import { Prisma, withDbRetry } from '../db/client.js'
import { COMMIT_UNFLUSHED, isPostgres, statements } from '../db/connection.js'
import { combinedText } from '../../handlers/cases/case-texts.js'
import type { Clock } from '../clock.js'
import { systemClock } from '../clock.js'
import type { SendingConfig } from '../../handlers/community/config-schema.js'
import type { Db } from '../db/client.js'
import type { Logger } from '../logger.js'
import { MAX_PART } from './enqueue.js'
import { isConnectionLost } from '../wechat/connection-watchdog.js'

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

/** A pause after WeChat answered "频繁". */
export interface FrequentPause {
  minutes: number
  until: Date
  /** The first pause of an episode (no other in the past day): the one the operator is told about. */
  first: boolean
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
  /** Called each time WeChat refuses a send as too frequent and all sending pauses. */
  onFrequent?: (pause: FrequentPause) => void
  /** Called (at most once a day) when a reply has waited more than 10 minutes for its group's limits. */
  onHeld?: (waitedMinutes: number) => void
}

const MAX_ATTEMPTS = 3
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Acknowledgements of reports read after downtime wait until no more have come for this long. */
const LATE_SETTLE_MS = 5 * SECOND
/** Pending rows looked at per turn. */
const CANDIDATES = 50
/** Urgent pending rows looked at per turn, ahead of the others. */
const URGENT_CANDIDATES = 20
/** A reply kept waiting this long by a group's limits is logged (and the operator told, once a day). */
const HELD_TOO_LONG_MS = 10 * MINUTE
/** At most this many acknowledgements in one combined message. */
const MAX_COALESCED = 30
/** Messages sent in one turn at most, when the limits space nothing. */
const MAX_TURN = 20
/** How long marking sent rows as sent waits for a busy database. */
const RECORD_SENT_FOR_MS = 60 * SECOND

type CoalesceKind = 'ack' | 'late' | 'notice' | 'held'

/** Whether `row` goes in the same combined message as `first`: the same conversation and kind (acknowledgement, notice). */
function goesWith(first: Pending, row: Pending): boolean {
  return row.conversationId === first.conversationId && row.coalesce === first.coalesce
}

/** An ordinary text reply to a group: when the group's hourly cap held it, it goes together with the others that waited. */
const isPlainGroupReply = (row: Pending): boolean => row.isRoom && !row.coalesce && !row.fileName && !row.broadcast && !row.urgent

/** What the sender reads of a pending row: all but the image bytes, read only when one is sent. */
type Pending = Pick<OutboxMessage, 'id' | 'conversationId' | 'isRoom' | 'text' | 'mentionIds' | 'fileName' | 'coalesce' | 'broadcast' | 'attempts' | 'urgent'>

/** Where the first time later than `after` is in the ascending `times` (their length if none is). */
function firstAfter(times: number[], after: number): number {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (times[mid]! > after) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** Adds a time to ascending `times`, in its place (at the end, unless the clock went back). */
function insertSorted(times: number[], at: number): void {
  times.splice(firstAfter(times, at), 0, at)
}

/** WeChat's answer when an account sends too much: "发送消息过于频繁" and its English forms. */
export function isTooFrequent(error: unknown): boolean {
  return /频繁|too frequent|frequently|rate.?limit/i.test(String(error instanceof Error ? error.message : error))
}

/**
 * Drains the outbox one message at a time within the send limits (a turn of several when no gap
 * is configured: claimed together, so a crash mid-turn leaves its unsent rows of unknown outcome,
 * never sent twice): a gap with jitter between any two sends, a gap per group, per-minute, per-hour and daily caps, broadcasts spaced
 * between groups, and a pause of everything when WeChat says "频繁". Acknowledgements waiting
 * together for one group, and notices for one staff group or person, go as one message.
 */
export class OutboxSender {
  private running = false
  private loop?: Promise<void>
  private wake?: () => void
  /** Rows were queued since the current turn began: no sleeping after it. */
  private kicked = false
  private lastSend = 0
  private nextGap = 0
  private readonly lastPerConversation = new Map<string, number>()
  private readonly groupSends = new Map<string, number[]>()
  private readonly broadcastNext = new Map<string, number>()
  private readonly lateSeen = new Map<string, { count: number; at: number }>()
  private alertedAt = 0
  private heldAlertedAt = 0
  private readonly heldLogged = new Set<number>()
  private readonly heldSince = new Map<number, number>()
  /** Groups whose ordinary replies waited for the hourly cap: when their turn comes, those replies go as one message. */
  private readonly capHeld = new Set<string>()
  private pausedUntil = 0
  private pauses: number[] = []
  private sentTimes: number[] = []
  private readonly retryAt = new Map<number, number>()
  private readonly clock: Clock
  private readonly random: () => number

  constructor(private readonly options: SenderOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
  }

  async start(): Promise<void> {
    const { db, communityId, log, limits } = this.options
    // A row left in 'sending' was cut off mid-send: its fate is unknown, so it is reported, not resent.
    const cut = await db.outboxMessage.updateMany({ where: { communityId, status: 'sending' }, data: { status: 'unknown' } })
    if (cut.count > 0) log.warn({ count: cut.count }, 'outbox messages with unknown outcome after restart; not resent')
    const since = new Date(this.now() - DAY)
    const recent = await db.outboxMessage.findMany({ where: { communityId, sentAt: { gte: since } }, select: { sentAt: true, conversationId: true, broadcast: true }, orderBy: { sentAt: 'asc' } })
    for (const r of recent) {
      this.remember(r.conversationId, r.sentAt!.getTime())
      if (r.broadcast) this.broadcastNext.set(r.broadcast, r.sentAt!.getTime() + limits.broadcastGapSeconds[1] * SECOND)
    }
    // A pause survives a restart: WeChat does not forget because the bot did.
    const pauses = await db.auditLog.findMany({ where: { communityId, action: 'send-paused', at: { gte: since } }, orderBy: { at: 'asc' } })
    for (const p of pauses) {
      this.pauses.push(p.at.getTime())
      this.pausedUntil = Math.max(this.pausedUntil, Number(JSON.parse(p.detail).until ?? 0))
    }
    this.running = true
    if (!this.options.manual) this.loop = this.run()
  }

  /** One turn of the loop: sends what the limits allow now; returns how long to wait. */
  step(): Promise<number> {
    return this.sendTurn()
  }

  /** Until when all sending is paused after a "频繁" answer (null when it is not). */
  get pausedTill(): Date | null {
    return this.pausedUntil > this.now() ? new Date(this.pausedUntil) : null
  }

  private remember(conversationId: string, at: number): void {
    insertSorted(this.sentTimes, at)
    this.lastPerConversation.set(conversationId, at)
    const group = this.groupSends.get(conversationId) ?? []
    insertSorted(group, at)
    group.splice(0, firstAfter(group, at - HOUR))
    this.groupSends.set(conversationId, group)
    this.lastSend = Math.max(this.lastSend, at)
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

  /**
   * Sends what the limits allow now: the next due message or, when they space nothing (no gap of any
   * kind configured), up to MAX_TURN due messages one after another. Returns how long to wait before
   * trying again.
   */
  private async sendTurn(): Promise<number> {
    const { limits, idlePollMs = 1000, isOnline } = this.options
    if (isOnline && !isOnline()) return idlePollMs
    const now = this.now()
    if (this.pausedUntil > now) return this.pausedUntil - now
    const globalWait = this.lastSend + this.nextGap - now
    if (globalWait > 0) return globalWait
    this.sentTimes.splice(0, firstAfter(this.sentTimes, now - DAY))
    // The sends of the last minute (hour) are the tail of the sorted list: found by bisection, however many there were today.
    const minuteFrom = firstAfter(this.sentTimes, now - MINUTE)
    const minuteLeft = limits.perMinute - (this.sentTimes.length - minuteFrom)
    if (minuteLeft <= 0) return this.sentTimes[minuteFrom]! + MINUTE - now
    const hourFrom = firstAfter(this.sentTimes, now - HOUR)
    const hourLeft = limits.perHour - (this.sentTimes.length - hourFrom)
    if (hourLeft <= 0) return this.sentTimes[hourFrom]! + HOUR - now
    const capped = this.sentTimes.length >= limits.dailyCap
    const room = capped || !this.unspaced() ? 1 : Math.min(MAX_TURN, minuteLeft, hourLeft, limits.dailyCap - this.sentTimes.length)

    // At the daily cap only private replies may go: looked for past any number of group posts waiting.
    const candidates = await this.candidates(capped ? Prisma.sql`AND "isRoom" = ${false}` : Prisma.empty)
    if (candidates.length === 0) return idlePollMs
    const turn: Pending[] = []
    const planned = new Map<string, number>()
    let soonest = idlePollMs
    for (const row of candidates) {
      if (turn.length >= room) break
      // Acknowledgements (notices) for a conversation already going in this turn go with the first of them.
      if (row.coalesce && turn.some((t) => goesWith(t, row))) continue
      // Replies that waited out a group's cap go with the first of them.
      if (isPlainGroupReply(row) && turn.some((t) => this.capHeld.has(t.conversationId) && isPlainGroupReply(t) && t.conversationId === row.conversationId)) continue
      const ready = this.readyAt(row, candidates, now, planned.get(row.conversationId) ?? 0)
      if (ready > now) {
        soonest = Math.min(soonest, ready - now)
        if (this.groupCapped(row, now, planned.get(row.conversationId) ?? 0)) {
          this.noteHeld(row, now, ready)
          if (isPlainGroupReply(row)) this.capHeld.add(row.conversationId)
        }
        continue
      }
      turn.push(row)
      planned.set(row.conversationId, (planned.get(row.conversationId) ?? 0) + 1)
    }
    if (turn.length === 0) return soonest
    const messages = await this.withCompanions(turn, candidates)
    await this.deliver(messages)
    // The whole queue went in this turn: nothing to read again until more is queued (which wakes the sender).
    const covered = new Set(messages.flat().map((r) => r.id))
    return candidates.length < CANDIDATES && candidates.every((r) => covered.has(r.id)) ? idlePollMs : 0
  }

  /** No gap of any kind between sends: several can go at once, within the caps. */
  private unspaced(): boolean {
    const { minGapSeconds, jitterSeconds, perGroupGapSeconds, broadcastGapSeconds } = this.options.limits
    return minGapSeconds === 0 && jitterSeconds[1] === 0 && perGroupGapSeconds === 0 && broadcastGapSeconds[1] === 0
  }

  /** When `row` may be sent, `planned` more messages to its conversation going before it in this turn. */
  private readyAt(row: Pending, candidates: Pending[], now: number, planned: number): number {
    const { limits } = this.options
    // Urgent: only the account's own limits (the gap with jitter, the per-minute and hourly caps, a 频繁 pause) hold it, not a group's.
    if (row.urgent) return this.retryAt.get(row.id) ?? 0
    const groupSends = (row.isRoom && this.groupSends.get(row.conversationId)) || []
    const groupHourFrom = firstAfter(groupSends, now - HOUR)
    return Math.max(
      this.retryAt.get(row.id) ?? 0,
      (this.lastPerConversation.get(row.conversationId) ?? 0) + limits.perGroupGapSeconds * SECOND,
      this.groupCapped(row, now, planned) ? (groupSends[groupHourFrom] ?? now) + HOUR : 0,
      row.broadcast ? (this.broadcastNext.get(row.broadcast) ?? 0) : 0,
      row.coalesce === 'late' ? this.lateSettledAt(row.conversationId, candidates, now) : 0,
    )
  }

  /** Whether a group post would pass the group's hourly cap (`planned` more going before it this turn). */
  private groupCapped(row: Pending, now: number, planned: number): boolean {
    if (!row.isRoom) return false
    const groupSends = this.groupSends.get(row.conversationId) ?? []
    return groupSends.length - firstAfter(groupSends, now - HOUR) + planned >= this.options.limits.perGroupPerHour
  }

  /**
   * The oldest pending rows of the community (narrowed by `filter`), in the order they were queued.
   */
  private pending(filter: Prisma.Sql, limit: number): Promise<Pending[]> {
    const { db, communityId } = this.options
    return statements(db).rows<Pending>(Prisma.sql`
      SELECT "id", "conversationId", "isRoom", "text", "mentionIds", "fileName", "coalesce", "broadcast", "attempts", "urgent"
      FROM "OutboxMessage"
      WHERE "communityId" = ${communityId} AND "status" = 'pending' ${filter}
      ORDER BY "id" LIMIT ${limit}`)
  }

  /**
   * What this turn looks at: urgent rows first (read from their own index, however long the queue
   * of ordinary ones), then the oldest pending rows.
   */
  private async candidates(filter: Prisma.Sql): Promise<Pending[]> {
    const [urgent, oldest] = await Promise.all([this.pending(Prisma.sql`AND "urgent" = ${true} ${filter}`, URGENT_CANDIDATES), this.pending(filter, CANDIDATES)])
    if (urgent.length === 0) return oldest
    const first = new Set(urgent.map((r) => r.id))
    return [...urgent, ...oldest.filter((r) => !first.has(r.id))]
  }

  /**
   * A row kept waiting by its group's hourly cap for more than HELD_TOO_LONG_MS (timed by the
   * sender's own clock from when it was first held) is logged once, and the operator told once a day.
   */
  private noteHeld(row: Pending, now: number, ready: number): void {
    const since = this.heldSince.get(row.id)
    if (since === undefined) {
      if (this.heldSince.size > 10_000) this.heldSince.clear()
      this.heldSince.set(row.id, now)
      return
    }
    if (now - since < HELD_TOO_LONG_MS || this.heldLogged.has(row.id)) return
    if (this.heldLogged.size > 10_000) this.heldLogged.clear()
    this.heldLogged.add(row.id)
    const waited = Math.round((now - since) / MINUTE)
    this.options.log.warn({ outboxId: row.id, conversationId: row.conversationId, waitedMin: waited, readyInMin: Math.round((ready - now) / MINUTE) }, 'reply held back by the group send limits')
    if (now - this.heldAlertedAt >= DAY) {
      this.heldAlertedAt = now
      this.options.onHeld?.(waited)
    }
  }

  /** When the acknowledgements of late reports for a group stopped growing, plus the settle time. */
  private lateSettledAt(conversationId: string, candidates: Pending[], now: number): number {
    const count = candidates.filter((c) => c.coalesce === 'late' && c.conversationId === conversationId).length
    const seen = this.lateSeen.get(conversationId)
    if (!seen || seen.count !== count) {
      this.lateSeen.set(conversationId, { count, at: now })
      return now + LATE_SETTLE_MS
    }
    return seen.at + LATE_SETTLE_MS
  }

  /**
   * Each message of the turn with the rows that go in it: for acknowledgements and notices, all of
   * the same kind pending for the same conversation (up to MAX_COALESCED and what fits in one
   * message). When the queue is longer than the candidates read, they are looked for past them, for
   * all conversations of the turn in one query.
   */
  private async withCompanions(turn: Pending[], candidates: Pending[]): Promise<Pending[][]> {
    const { db, communityId } = this.options
    const gathers = (row: Pending) => row.coalesce !== null || (isPlainGroupReply(row) && this.capHeld.has(row.conversationId))
    const together = turn.filter(gathers)
    let pool = candidates
    if (together.length > 0 && candidates.length === CANDIDATES) {
      // The oldest MAX_COALESCED of each (conversation, kind), each read from the index however long its queue.
      const oldest = together.map((first) => Prisma.sql`
        SELECT * FROM (
          SELECT "id", "conversationId", "isRoom", "text", "mentionIds", "fileName", "coalesce", "broadcast", "attempts", "urgent"
          FROM "OutboxMessage"
          WHERE "conversationId" = ${first.conversationId} AND "status" = 'pending' AND ${first.coalesce === null ? Prisma.sql`"coalesce" IS NULL` : Prisma.sql`"coalesce" = ${first.coalesce}`} AND "communityId" = ${communityId}
          ORDER BY "id" LIMIT ${MAX_COALESCED}
        ) AS "oldest"`)
      pool = (await statements(db).rows<Pending>(Prisma.join(oldest, ' UNION ALL '))).sort((a, b) => a.id - b.id)
    }
    return turn.map((first) => {
      if (!gathers(first)) return [first]
      const kind: CoalesceKind = (first.coalesce as CoalesceKind | null) ?? 'held'
      const companions = first.coalesce ? pool.filter((row) => goesWith(first, row)) : pool.filter((row) => row.conversationId === first.conversationId && isPlainGroupReply(row))
      let rows = companions.slice(0, MAX_COALESCED)
      if (!rows.some((r) => r.id === first.id)) rows = [first, ...rows.slice(0, MAX_COALESCED - 1)]
      while (rows.length > 1 && combinedText(rows.map((r) => r.text), kind).length > MAX_PART) rows = rows.slice(0, -1)
      if (kind === 'held') this.capHeld.delete(first.conversationId)
      return rows
    })
  }

  private async outgoing(row: Pending): Promise<Outgoing> {
    const stored = row.fileName ? await this.options.db.outboxMessage.findUnique({ where: { id: row.id }, select: { fileData: true } }) : null
    const file = row.fileName && stored?.fileData ? { name: row.fileName, data: stored.fileData } : undefined
    return { conversationId: row.conversationId, isRoom: row.isRoom, text: row.text, mentionIds: row.mentionIds ? row.mentionIds.split(',') : [], file }
  }

  /** The message made of `rows` (those of a turn's message this process claimed). */
  private compose(rows: Pending[]): Outgoing | Promise<Outgoing> {
    const first = rows[0]!
    const kind: CoalesceKind | null = (first.coalesce as CoalesceKind | null) ?? (rows.length > 1 ? 'held' : null)
    if (!kind || (rows.length === 1 && kind !== 'late')) return this.outgoing(first)
    const mentionIds = [...new Set(rows.flatMap((r) => (r.mentionIds ? r.mentionIds.split(',') : [])))]
    return { conversationId: first.conversationId, isRoom: first.isRoom, text: combinedText(rows.map((r) => r.text), kind), mentionIds }
  }

  /**
   * Claims the rows of the turn's messages in one statement, sends each message made of what was
   * claimed, one after another, and records the outcome: the sent ones in one statement at the end.
   */
  private async deliver(messages: Pending[][]): Promise<void> {
    const { db } = this.options
    // The rows still pending become this process's in one statement; another process may have taken some.
    const claimed = await statements(db).rows<{ id: number }>(Prisma.sql`
      UPDATE "OutboxMessage" SET "status" = 'sending'
      WHERE "id" IN (${Prisma.join(messages.flat().map((r) => r.id))}) AND "status" = 'pending'
      RETURNING "id"`)
    const mine = new Set(claimed.map((r) => r.id))
    const mineOf = (rows: Pending[]) => rows.filter((r) => mine.has(r.id))
    const sent: number[] = []
    let lastAt = 0
    try {
      for (let i = 0; i < messages.length; i++) {
        const rows = mineOf(messages[i]!)
        if (rows.length === 0) continue
        const ids = rows.map((r) => r.id)
        const later = () => messages.slice(i + 1).flatMap(mineOf).map((r) => r.id)
        const message = await Promise.resolve(rows)
          .then((claimedRows) => this.compose(claimedRows))
          .catch(async (error) => {
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
    if (ids.length > 0) await this.options.db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: 'pending' } })
  }

  /**
   * Marks sent rows as sent, waiting while the database is busy. Should that fail, they stay
   * "sending" and are reported as of unknown outcome at the next start: never sent twice.
   */
  private recordSent(ids: number[], at: number): Promise<number> {
    const { db, log } = this.options
    const update = Prisma.sql`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${new Date(at)} WHERE "id" IN (${Prisma.join(ids)})`
    return withDbRetry(
      // On PostgreSQL without waiting for the disk (statements.ts): the claim before the send did.
      async () => (isPostgres(db) ? (await statements(db).rows(Prisma.sql`${update} RETURNING ${COMMIT_UNFLUSHED}`)).length : statements(db).run(update)),
      (error, attempt, waitMs) => log.warn({ err: String(error).slice(0, 200), outboxIds: ids, attempt, waitMs }, 'database busy while recording sent messages; trying again'),
      RECORD_SENT_FOR_MS,
    )
  }

  /** What a send changes in the limits: the times remembered, the next broadcast slot, the daily alert, the next gap. */
  private afterSend(message: Outgoing, rows: Pending[], at: number): void {
    const { limits, log } = this.options
    this.remember(message.conversationId, at)
    const broadcast = rows[0]!.broadcast
    if (broadcast) {
      const [lo, hi] = limits.broadcastGapSeconds
      this.broadcastNext.set(broadcast, at + Math.ceil((lo + this.random() * Math.max(0, hi - lo)) * SECOND))
    }
    if (this.sentTimes.length >= limits.dailyAlert && at - this.alertedAt > DAY) {
      this.alertedAt = at
      log.warn({ sent: this.sentTimes.length, dailyCap: limits.dailyCap }, 'many messages sent in 24 hours; group sends stop at the daily cap')
      this.options.onDailyAlert?.(this.sentTimes.length)
    }
    const [lo, hi] = limits.jitterSeconds
    this.nextGap = Math.ceil((limits.minGapSeconds + lo + this.random() * Math.max(0, hi - lo)) * SECOND)
  }

  /**
   * Records a failed send on its rows. True when the turn may go on with its next message; false
   * when nothing more should be tried now (WeChat said 频繁, or the connection dropped).
   */
  private async failed(error: unknown, rows: Pending[], message: Outgoing): Promise<boolean> {
    const { db, log } = this.options
    const ids = rows.map((r) => r.id)
    if (isTooFrequent(error)) {
      // Not sent: back in the queue untouched, and nothing at all is tried until the pause is over.
      await db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: 'pending', error: String(error).slice(0, 500) } })
      await this.pause(error)
      return false
    }
    if (isConnectionLost(error)) {
      // The connection dropped: not the message's fault, so no attempt is counted; tried again shortly.
      log.warn({ err: String(error).slice(0, 200), outboxIds: ids }, 'connection lost while sending; will retry')
      await this.release(ids)
      for (const id of ids) this.retryAt.set(id, this.now() + 5000)
      return false
    }
    const attempts = rows[0]!.attempts + 1
    const gaveUp = attempts >= MAX_ATTEMPTS
    log.error({ err: error, outboxIds: ids, conversationId: message.conversationId, attempts }, gaveUp ? 'message could not be sent; giving up' : 'send failed; will retry')
    await db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { status: gaveUp ? 'failed' : 'pending', attempts, error: String(error).slice(0, 500) } })
    for (const id of ids) this.retryAt.set(id, this.now() + 5000 * attempts)
    return true
  }

  /** Stops all sending for 30, then 60, then 120 minutes (as configured) and records the pause. */
  private async pause(error: unknown): Promise<void> {
    const { db, communityId, limits, log } = this.options
    const now = this.now()
    this.pauses = this.pauses.filter((t) => t > now - DAY)
    const steps = limits.frequentPauseMinutes
    const minutes = steps[Math.min(this.pauses.length, steps.length - 1)]!
    const first = this.pauses.length === 0
    this.pauses.push(now)
    this.pausedUntil = now + minutes * MINUTE
    const until = new Date(this.pausedUntil)
    log.error({ err: error, minutes, until }, 'WeChat says messages are too frequent; all sending paused')
    await db.auditLog.create({ data: { communityId, actor: 'system', action: 'send-paused', detail: JSON.stringify({ minutes, until: this.pausedUntil }), at: new Date(now) } })
    this.options.onFrequent?.({ minutes, until, first })
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
