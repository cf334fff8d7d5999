import { describe, expect, it } from 'vitest'
import type { SendingConfig } from '../../../handlers/community/config-schema.js'
import { LATE_SETTLE_MS, Pacing, type PacedRow } from '../../../bot/outbox/pacing.js'

const S = 1000
const MIN = 60 * S
const HOUR = 60 * MIN
const T0 = Date.parse('2026-11-20T02:00:00Z')

/** Every limit off unless a test sets it. */
const limits = (over: Partial<SendingConfig> = {}): SendingConfig => ({
  minGapSeconds: 0, jitterSeconds: [0, 0], perGroupGapSeconds: 0, perGroupPerHour: 1000, perMinute: 1000, perHour: 10000, perContactPerHour: 1000,
  dailyAlert: 100000, dailyCap: 100000, broadcastGapSeconds: [0, 0], frequentPauseMinutes: [30, 60, 120], ...over,
})

let nextId = 1
const row = (over: Partial<PacedRow> = {}): PacedRow => ({ id: nextId++, conversationId: 'room-3', isRoom: true, coalesce: null, broadcast: null, urgent: false, ...over })

/** Sends `count` messages to a conversation, `everyMs` apart from `from`. */
function sendMany(pacing: Pacing, count: number, from: number, everyMs: number, conversationId = 'room-3'): number {
  let at = from
  for (let i = 0; i < count; i++, at += everyMs) pacing.sent({ conversationId, broadcast: null }, at)
  return at - everyMs
}

describe('the account\'s own limits', () => {
  it('keeps the minimum gap plus jitter between any two sends', () => {
    // random() = 0.5: jitter 1 + 0.5 × (4 − 1) = 2.5 s over the 3 s gap.
    const pacing = new Pacing(limits({ minGapSeconds: 3, jitterSeconds: [1, 4] }), () => 0.5)
    pacing.sent({ conversationId: 'room-3', broadcast: null }, T0)
    expect(pacing.accountWait(T0 + 1 * S)).toBe(4500)
    expect(pacing.accountWait(T0 + 5500)).toBe(0)
  })

  it('stops at the per-minute cap until the oldest send of the minute is a minute old', () => {
    const pacing = new Pacing(limits({ perMinute: 10 }))
    sendMany(pacing, 10, T0, 1 * S)
    expect(pacing.accountWait(T0 + 10 * S)).toBe(50 * S)
    expect(pacing.accountWait(T0 + MIN + 1)).toBe(0)
  })

  it('stops at the hourly cap until the oldest send of the hour is an hour old', () => {
    const pacing = new Pacing(limits({ perHour: 120 }))
    sendMany(pacing, 120, T0, 10 * S)
    const now = T0 + 20 * MIN + 5 * S
    expect(pacing.accountWait(now)).toBe(T0 + HOUR - now)
  })

  it('at the daily cap holds group posts but lets private replies go, and sends one at a time', () => {
    const pacing = new Pacing(limits({ dailyCap: 300 }))
    const last = sendMany(pacing, 300, T0, 10 * S)
    expect(pacing.dailyCapped(last + 1)).toBe(true)
    expect(pacing.turnRoom(last + 1)).toBe(1)
    expect(pacing.dailyCapped(T0 + 24 * HOUR + 1)).toBe(false)
  })

  it('tells of the daily alert once in 24 hours', () => {
    const pacing = new Pacing(limits({ dailyAlert: 200 }))
    sendMany(pacing, 199, T0, S)
    expect(pacing.sent({ conversationId: 'room-3', broadcast: null }, T0 + 200 * S)).toEqual({ dailyAlert: 200 })
    expect(pacing.sent({ conversationId: 'room-3', broadcast: null }, T0 + 201 * S)).toEqual({})
  })

  it('sends several in one turn only when no gap of any kind is set, within the caps', () => {
    expect(new Pacing(limits({ perMinute: 10 })).turnRoom(T0)).toBe(10)
    expect(new Pacing(limits()).turnRoom(T0)).toBe(20)
    const pacing = new Pacing(limits({ perMinute: 10 }))
    sendMany(pacing, 7, T0, S)
    expect(pacing.turnRoom(T0 + 8 * S)).toBe(3)
    expect(new Pacing(limits({ perGroupGapSeconds: 10 })).turnRoom(T0)).toBe(1)
    expect(new Pacing(limits({ jitterSeconds: [0, 1] })).turnRoom(T0)).toBe(1)
  })
})

describe('a group\'s own limits', () => {
  it('keeps the per-group gap between posts to one group, not to another', () => {
    const pacing = new Pacing(limits({ perGroupGapSeconds: 10 }))
    pacing.sent({ conversationId: 'room-3', broadcast: null }, T0)
    expect(pacing.readyAt(row(), T0 + 2 * S, 0)).toBe(T0 + 10 * S)
    expect(pacing.readyAt(row({ conversationId: 'room-7' }), T0 + 2 * S, 0)).toBeLessThanOrEqual(T0 + 2 * S)
  })

  it('holds a group at its hourly cap until its oldest post of the hour is an hour old, counting what this turn plans', () => {
    const pacing = new Pacing(limits({ perGroupPerHour: 20 }))
    sendMany(pacing, 19, T0, MIN)
    const now = T0 + 19 * MIN
    expect(pacing.groupCapped(row(), now, 0)).toBe(false)
    expect(pacing.groupCapped(row(), now, 1)).toBe(true)
    pacing.sent({ conversationId: 'room-3', broadcast: null }, now)
    expect(pacing.readyAt(row(), now + S, 0)).toBe(T0 + HOUR)
    expect(pacing.groupCapped(row({ isRoom: false, conversationId: 'wxid_wang' }), now, 0)).toBe(false)
  })

  it('lets an urgent row past its group\'s gap and hourly cap', () => {
    const pacing = new Pacing(limits({ perGroupPerHour: 2, perGroupGapSeconds: 60 }))
    sendMany(pacing, 2, T0, S)
    const urgent = row({ urgent: true })
    expect(pacing.groupCapped(urgent, T0 + 2 * S, 0)).toBe(true)
    expect(pacing.readyAt(urgent, T0 + 2 * S, 0)).toBe(0)
    expect(pacing.readyAt(row(), T0 + 2 * S, 0)).toBe(T0 + HOUR)
  })

  it('spaces one broadcast\'s groups by the broadcast gap', () => {
    const pacing = new Pacing(limits({ broadcastGapSeconds: [30, 60] }), () => 0)
    pacing.sent({ conversationId: 'room-3', broadcast: 'notice-1' }, T0)
    expect(pacing.readyAt(row({ conversationId: 'room-7', broadcast: 'notice-1' }), T0 + S, 0)).toBe(T0 + 30 * S)
    expect(pacing.readyAt(row({ conversationId: 'room-7', broadcast: 'notice-2' }), T0 + S, 0)).toBe(0)
  })

  it('after a restart, a broadcast sent before waits the longest gap', () => {
    const pacing = new Pacing(limits({ broadcastGapSeconds: [30, 60] }))
    pacing.rememberBroadcast('notice-1', T0)
    expect(pacing.readyAt(row({ broadcast: 'notice-1', conversationId: 'room-9' }), T0 + S, 0)).toBe(T0 + 60 * S)
  })

  it('lets late acknowledgements for a group settle until no more have come for a while', () => {
    const pacing = new Pacing(limits())
    const late = row({ coalesce: 'late' })
    expect(pacing.readyAt(late, T0, 0, 3)).toBe(T0 + LATE_SETTLE_MS)
    expect(pacing.readyAt(late, T0 + 2 * S, 0, 5)).toBe(T0 + 2 * S + LATE_SETTLE_MS)
    expect(pacing.readyAt(late, T0 + 4 * S, 0, 5)).toBe(T0 + 2 * S + LATE_SETTLE_MS)
  })

  it('lets an urgent receipt among late acknowledgements settle with them, while an urgent notice goes at once', () => {
    const pacing = new Pacing(limits({ perGroupGapSeconds: 10 }), () => 0)
    expect(pacing.readyAt(row({ coalesce: 'late', urgent: true }), T0, 0, 2)).toBe(T0 + LATE_SETTLE_MS)
    expect(pacing.readyAt(row({ coalesce: 'notice', urgent: true }), T0, 0, 2)).toBe(0)
  })
})

describe('failures and WeChat\'s "频繁"', () => {
  it('pauses everything 30, then 60, then 120 minutes within a day, and afresh a day later', () => {
    const pacing = new Pacing(limits())
    expect(pacing.pause(T0)).toEqual({ minutes: 30, until: new Date(T0 + 30 * MIN), first: true })
    expect(pacing.accountWait(T0 + 10 * MIN)).toBe(20 * MIN)
    expect(pacing.pause(T0 + 31 * MIN)).toMatchObject({ minutes: 60, first: false })
    expect(pacing.pause(T0 + 2 * HOUR)).toMatchObject({ minutes: 120 })
    expect(pacing.pause(T0 + 3 * HOUR)).toMatchObject({ minutes: 120 })
    expect(pacing.pause(T0 + 28 * HOUR)).toMatchObject({ minutes: 30, first: true })
  })

  it('keeps a pause read back after a restart', () => {
    const pacing = new Pacing(limits())
    pacing.rememberPause(T0, T0 + 30 * MIN)
    expect(pacing.pausedTill(T0 + MIN)).toBe(T0 + 30 * MIN)
    expect(pacing.pause(T0 + 40 * MIN)).toMatchObject({ minutes: 60, first: false })
  })

  it('tries a failed row again only after its wait', () => {
    const pacing = new Pacing(limits())
    const failed = row()
    pacing.retryLater([failed.id], T0, 10 * S)
    expect(pacing.readyAt(failed, T0 + S, 0)).toBe(T0 + 10 * S)
    expect(pacing.readyAt(row(), T0 + S, 0)).toBe(0)
  })

  it('reports a row held more than 10 minutes once, and the operator once a day', () => {
    const pacing = new Pacing(limits())
    const a = row()
    const b = row()
    expect(pacing.held(a.id, T0)).toBeNull()
    expect(pacing.held(b.id, T0)).toBeNull()
    expect(pacing.held(a.id, T0 + 9 * MIN)).toBeNull()
    expect(pacing.held(a.id, T0 + 11 * MIN)).toEqual({ waitedMinutes: 11, tellOperator: true })
    expect(pacing.held(a.id, T0 + 20 * MIN)).toBeNull()
    expect(pacing.held(b.id, T0 + 12 * MIN)).toEqual({ waitedMinutes: 12, tellOperator: false })
  })
})
