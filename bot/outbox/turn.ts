import type { PendingRow } from '../db/statements/outbox.js'
import { goesWith, isPlainGroupReply } from './combine.js'
import type { Pacing } from './pacing.js'

export interface Turn {
  /** The rows whose messages go now, in order (the first of each combined message). */
  rows: PendingRow[]
  /** How long until the soonest row held back may go (at most the idle poll). */
  soonestMs: number
  /** Rows held by their group's hourly cap, with when they may go. */
  capped: Array<{ row: PendingRow; readyAt: number }>
}

/**
 * Which of the candidates go in this turn, at most `room` messages: each ready by the limits,
 * counting what the turn already sends to its conversation; acknowledgements (notices) for a
 * conversation already going, and replies that waited out a group's cap, go with the first of
 * them. Groups whose ordinary replies the cap held are added to `capHeld`.
 */
export function planTurn(candidates: PendingRow[], room: number, now: number, pacing: Pacing, capHeld: Set<string>, idlePollMs: number): Turn {
  const rows: PendingRow[] = []
  const capped: Turn['capped'] = []
  const planned = new Map<string, number>()
  let soonestMs = idlePollMs
  for (const row of candidates) {
    if (rows.length >= room) break
    if (row.coalesce && rows.some((t) => goesWith(t, row))) continue
    if (isPlainGroupReply(row) && rows.some((t) => capHeld.has(t.conversationId) && isPlainGroupReply(t) && t.conversationId === row.conversationId)) continue
    const before = planned.get(row.conversationId) ?? 0
    const lateWaiting = row.coalesce === 'late' ? candidates.filter((c) => c.coalesce === 'late' && c.conversationId === row.conversationId).length : 0
    const readyAt = pacing.readyAt(row, now, before, lateWaiting)
    if (readyAt > now) {
      soonestMs = Math.min(soonestMs, readyAt - now)
      if (pacing.groupCapped(row, now, before)) {
        capped.push({ row, readyAt })
        if (isPlainGroupReply(row)) capHeld.add(row.conversationId)
      }
      continue
    }
    rows.push(row)
    planned.set(row.conversationId, before + 1)
  }
  return { rows, soonestMs, capped }
}
