import { describe, expect, it } from 'vitest'
import type { SendingConfig } from '../../../handlers/community/config-schema.js'
import type { PendingRow } from '../../../bot/db/statements/outbox.js'
import { combinedMessage, messagesOfTurn } from '../../../bot/outbox/combine.js'
import { Pacing } from '../../../bot/outbox/pacing.js'
import { planTurn } from '../../../bot/outbox/turn.js'

const T0 = Date.parse('2026-11-20T02:00:00Z')
const open: SendingConfig = {
  minGapSeconds: 0, jitterSeconds: [0, 0], perGroupGapSeconds: 0, perGroupPerHour: 1000, perMinute: 1000, perHour: 10000, perContactPerHour: 1000,
  dailyAlert: 100000, dailyCap: 100000, broadcastGapSeconds: [0, 0], frequentPauseMinutes: [30],
}
let id = 1
const pending = (over: Partial<PendingRow> = {}): PendingRow => ({
  id: id++, conversationId: 'room-3', isRoom: true, text: `回复${id}`, mentionIds: 'wxid_sheng', fileName: null, coalesce: null, broadcast: null, attempts: 0, urgent: false, ...over,
})

describe('a sender turn', () => {
  it('sends the first acknowledgement of a group and lets the others of the same kind go with it', () => {
    const acks = [pending({ coalesce: 'ack' }), pending({ coalesce: 'ack' }), pending({ coalesce: 'ack' })]
    const turn = planTurn(acks, 20, T0, new Pacing(open), new Set(), 1000)
    expect(turn.rows.map((r) => r.id)).toEqual([acks[0]!.id])
    const [message] = messagesOfTurn(turn.rows, acks, new Set())
    expect(message!.map((r) => r.id)).toEqual(acks.map((r) => r.id))
    expect(combinedMessage(message!)!.mentionIds).toEqual(['wxid_sheng'])
  })

  it('holds a group at its hourly cap, remembers it, and lets its waiting replies go as one message when the cap allows', () => {
    const pacing = new Pacing({ ...open, perGroupPerHour: 1 })
    pacing.sent({ conversationId: 'room-3', broadcast: null }, T0)
    const replies = [pending(), pending(), pending()]
    const capHeld = new Set<string>()
    const held = planTurn(replies, 20, T0 + 1000, pacing, capHeld, 1000)
    expect(held.rows).toEqual([])
    expect(held.capped.map((c) => c.row.id)).toEqual(replies.map((r) => r.id))
    expect(capHeld.has('room-3')).toBe(true)
    const later = planTurn(replies, 20, T0 + 3_600_001, pacing, capHeld, 1000)
    expect(later.rows.map((r) => r.id)).toEqual([replies[0]!.id])
    const [message] = messagesOfTurn(later.rows, replies, capHeld)
    expect(message).toHaveLength(3)
    expect(combinedMessage(message!)!.text).toContain('下面 3 条回复一起发')
    expect(capHeld.has('room-3')).toBe(false)
  })

  it('lets an urgent receipt go at a group\'s cap, and sends no more messages than the turn has room for', () => {
    const pacing = new Pacing({ ...open, perGroupPerHour: 1 })
    pacing.sent({ conversationId: 'room-3', broadcast: null }, T0)
    const urgent = pending({ urgent: true })
    expect(planTurn([pending(), urgent], 20, T0 + 1000, pacing, new Set(), 1000).rows).toEqual([urgent])
    const many = [pending({ conversationId: 'a' }), pending({ conversationId: 'b' }), pending({ conversationId: 'c' })]
    expect(planTurn(many, 2, T0, new Pacing(open), new Set(), 1000).rows).toHaveLength(2)
  })
})
