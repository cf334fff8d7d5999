import type { SendingConfig } from '../../handlers/community/config-schema.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Acknowledgements of reports read after downtime wait until no more have come for this long. */
export const LATE_SETTLE_MS = 5 * SECOND
/** A reply kept waiting this long by a group's limits is logged (and the operator told, once a day). */
export const HELD_TOO_LONG_MS = 10 * MINUTE
/** Messages sent in one turn at most, when the limits space nothing. */
export const MAX_TURN = 20

/** What pacing needs to know of a queued message. */
export interface PacedRow {
  id: number
  conversationId: string
  isRoom: boolean
  coalesce: string | null
  broadcast: string | null
  urgent: boolean
}

/** A pause after WeChat answered "频繁". */
export interface FrequentPause {
  minutes: number
  until: Date
  /** The first pause of an episode (no other in the past day): the one the operator is told about. */
  first: boolean
}

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

/**
 * The send limits as arithmetic on times, with no clock, database or connection of its own: a gap
 * with jitter between any two sends, a gap per group, per-minute, per-hour and daily caps (at the
 * daily cap only private replies), a per-group hourly cap, broadcasts spaced between groups, late
 * acknowledgements settling, retries spaced, and a pause of everything when WeChat says "频繁".
 * Urgent rows are held only by the account's own limits. Every time is milliseconds since the epoch.
 */
export class Pacing {
  private lastSend = 0
  private nextGap = 0
  private readonly lastPerConversation = new Map<string, number>()
  private readonly groupSends = new Map<string, number[]>()
  private readonly broadcastNext = new Map<string, number>()
  private readonly lateSeen = new Map<string, { count: number; at: number }>()
  private readonly retryAt = new Map<number, number>()
  private sentTimes: number[] = []
  private pauses: number[] = []
  private pausedUntil = 0
  private dailyAlertedAt = 0
  private heldAlertedAt = 0
  private readonly heldSince = new Map<number, number>()
  private readonly heldLogged = new Set<number>()

  constructor(
    private readonly limits: SendingConfig,
    private readonly random: () => number = Math.random,
  ) {}

  /** A send made at `at` (now, or read back from the database at start). */
  remember(conversationId: string, at: number): void {
    insertSorted(this.sentTimes, at)
    this.lastPerConversation.set(conversationId, at)
    const group = this.groupSends.get(conversationId) ?? []
    insertSorted(group, at)
    group.splice(0, firstAfter(group, at - HOUR))
    this.groupSends.set(conversationId, group)
    this.lastSend = Math.max(this.lastSend, at)
  }

  /** A broadcast's send read back at start: its next group waits the longest gap. */
  rememberBroadcast(broadcast: string, at: number): void {
    this.broadcastNext.set(broadcast, at + this.limits.broadcastGapSeconds[1] * SECOND)
  }

  /** A pause read back at start: WeChat does not forget because the bot restarted. */
  rememberPause(at: number, until: number): void {
    insertSorted(this.pauses, at)
    this.pausedUntil = Math.max(this.pausedUntil, until)
  }

  /** Until when everything is paused after a "频繁" answer (0 when it is not). */
  pausedTill(now: number): number {
    return this.pausedUntil > now ? this.pausedUntil : 0
  }

  /**
   * How long nothing at all may be sent (a pause, the gap since the last send, the per-minute or
   * hourly cap); 0 when something may go now.
   */
  accountWait(now: number): number {
    if (this.pausedUntil > now) return this.pausedUntil - now
    const gapWait = this.lastSend + this.nextGap - now
    if (gapWait > 0) return gapWait
    this.sentTimes.splice(0, firstAfter(this.sentTimes, now - DAY))
    // The sends of the last minute (hour) are the tail of the sorted list: found by bisection, however many there were today.
    const minuteFrom = firstAfter(this.sentTimes, now - MINUTE)
    if (this.sentTimes.length - minuteFrom >= this.limits.perMinute) return this.sentTimes[minuteFrom]! + MINUTE - now
    const hourFrom = firstAfter(this.sentTimes, now - HOUR)
    if (this.sentTimes.length - hourFrom >= this.limits.perHour) return this.sentTimes[hourFrom]! + HOUR - now
    return 0
  }

  /** At the daily cap: group posts wait for the 24-hour window, private replies go on. */
  dailyCapped(now: number): boolean {
    return this.sentCountSince(now - DAY) >= this.limits.dailyCap
  }

  /**
   * How many messages this turn may send: one, unless no gap of any kind is configured, then up to
   * MAX_TURN within what the per-minute, hourly and daily caps leave.
   */
  turnRoom(now: number): number {
    const { minGapSeconds, jitterSeconds, perGroupGapSeconds, broadcastGapSeconds, perMinute, perHour, dailyCap } = this.limits
    const unspaced = minGapSeconds === 0 && jitterSeconds[1] === 0 && perGroupGapSeconds === 0 && broadcastGapSeconds[1] === 0
    if (!unspaced || this.dailyCapped(now)) return 1
    return Math.max(1, Math.min(MAX_TURN, perMinute - this.sentCountSince(now - MINUTE), perHour - this.sentCountSince(now - HOUR), dailyCap - this.sentCountSince(now - DAY)))
  }

  /**
   * When `row` may be sent: `planned` more messages to its conversation go before it in this turn,
   * and `lateWaiting` late acknowledgements wait for its conversation (they settle first).
   */
  readyAt(row: PacedRow, now: number, planned: number, lateWaiting = 0): number {
    const retry = this.retryAt.get(row.id) ?? 0
    // Urgent: only the account's own limits (the gap with jitter, the per-minute and hourly caps, a 频繁 pause) hold it, not a group's.
    // A receipt among the reports held up by downtime still settles with them (seconds, for messages minutes late), so the
    // group gets one offline note; the urgent notice to staff, which is no late acknowledgement, never waits.
    if (row.urgent) return Math.max(retry, row.coalesce === 'late' ? this.lateSettledAt(row.conversationId, lateWaiting, now) : 0)
    const groupSends = (row.isRoom && this.groupSends.get(row.conversationId)) || []
    return Math.max(
      retry,
      (this.lastPerConversation.get(row.conversationId) ?? 0) + this.limits.perGroupGapSeconds * SECOND,
      this.groupCapped(row, now, planned) ? (groupSends[firstAfter(groupSends, now - HOUR)] ?? now) + HOUR : 0,
      row.broadcast ? (this.broadcastNext.get(row.broadcast) ?? 0) : 0,
      row.coalesce === 'late' ? this.lateSettledAt(row.conversationId, lateWaiting, now) : 0,
    )
  }

  /** Whether a group post would pass its group's hourly cap (`planned` more going before it this turn). */
  groupCapped(row: PacedRow, now: number, planned: number): boolean {
    if (!row.isRoom) return false
    const groupSends = this.groupSends.get(row.conversationId) ?? []
    return groupSends.length - firstAfter(groupSends, now - HOUR) + planned >= this.limits.perGroupPerHour
  }

  /**
   * A send went out: remembered, the broadcast's next group spaced, the next gap drawn (with
   * jitter). The count of the last 24 hours when it first reaches the daily alert in a day.
   */
  sent(message: { conversationId: string; broadcast: string | null }, at: number): { dailyAlert?: number } {
    const { broadcastGapSeconds, jitterSeconds, minGapSeconds, dailyAlert } = this.limits
    this.remember(message.conversationId, at)
    if (message.broadcast) {
      const [lo, hi] = broadcastGapSeconds
      this.broadcastNext.set(message.broadcast, at + Math.ceil((lo + this.random() * Math.max(0, hi - lo)) * SECOND))
    }
    const [lo, hi] = jitterSeconds
    this.nextGap = Math.ceil((minGapSeconds + lo + this.random() * Math.max(0, hi - lo)) * SECOND)
    const count = this.sentCountSince(at - DAY)
    if (count < dailyAlert || at - this.dailyAlertedAt <= DAY) return {}
    this.dailyAlertedAt = at
    return { dailyAlert: count }
  }

  /** A send failed: the rows wait `ms` before they are tried again. */
  retryLater(ids: number[], now: number, ms: number): void {
    for (const id of ids) this.retryAt.set(id, now + ms)
  }

  /** WeChat said "频繁": everything stops for 30, then 60, then 120 minutes (as configured) within a day. */
  pause(now: number): FrequentPause {
    this.pauses = this.pauses.filter((t) => t > now - DAY)
    const steps = this.limits.frequentPauseMinutes
    const minutes = steps[Math.min(this.pauses.length, steps.length - 1)]!
    const first = this.pauses.length === 0
    this.pauses.push(now)
    this.pausedUntil = now + minutes * MINUTE
    return { minutes, until: new Date(this.pausedUntil), first }
  }

  /**
   * A row held by its group's hourly cap at `now`, timed from when it was first held: past
   * HELD_TOO_LONG_MS, once per row, how long it has waited and whether to tell the operator
   * (at most once a day); otherwise null.
   */
  held(rowId: number, now: number): { waitedMinutes: number; tellOperator: boolean } | null {
    const since = this.heldSince.get(rowId)
    if (since === undefined) {
      if (this.heldSince.size > 10_000) this.heldSince.clear()
      this.heldSince.set(rowId, now)
      return null
    }
    if (now - since < HELD_TOO_LONG_MS || this.heldLogged.has(rowId)) return null
    if (this.heldLogged.size > 10_000) this.heldLogged.clear()
    this.heldLogged.add(rowId)
    const tellOperator = now - this.heldAlertedAt >= DAY
    if (tellOperator) this.heldAlertedAt = now
    return { waitedMinutes: Math.round((now - since) / MINUTE), tellOperator }
  }

  private sentCountSince(from: number): number {
    return this.sentTimes.length - firstAfter(this.sentTimes, from)
  }

  /** When the late acknowledgements for a group stopped growing, plus the settle time. */
  private lateSettledAt(conversationId: string, count: number, now: number): number {
    const seen = this.lateSeen.get(conversationId)
    if (!seen || seen.count !== count) {
      this.lateSeen.set(conversationId, { count, at: now })
      return now + LATE_SETTLE_MS
    }
    return seen.at + LATE_SETTLE_MS
  }
}
