import { combinedText } from '../../handlers/cases/case-texts.js'
import type { PendingRow } from '../db/statements/outbox.js'
import { MAX_PART } from './enqueue.js'
import type { Outgoing } from './transport.js'

/** At most this many rows in one combined message. */
export const MAX_COALESCED = 30

type CombineKind = 'ack' | 'late' | 'notice' | 'held' | 'same'

/** Whether `row` goes in the same combined message as `first`: the same conversation and kind (acknowledgement, notice). */
export const goesWith = (first: PendingRow, row: PendingRow): boolean => row.conversationId === first.conversationId && row.coalesce === first.coalesce

/** An ordinary text reply to a group: when the group's hourly cap held it, it goes together with the others that waited. */
export const isPlainGroupReply = (row: PendingRow): boolean => row.isRoom && !row.coalesce && !row.fileName && !row.broadcast && !row.urgent

/**
 * Each message of a turn with the rows that go in it: for acknowledgements and notices, all of the
 * same kind pending for the same conversation in `pool`; for plain replies to a group whose cap
 * held them (`capHeld`), the others that waited with them; up to MAX_COALESCED and what fits in
 * one message. The groups combined are taken out of `capHeld`.
 */
export function messagesOfTurn(turn: PendingRow[], pool: PendingRow[], capHeld: Set<string>): PendingRow[][] {
  return turn.map((first) => {
    if (!gathers(first, capHeld)) return [first]
    const kind: CombineKind = (first.coalesce as CombineKind | null) ?? 'held'
    const companions = first.coalesce ? pool.filter((row) => goesWith(first, row)) : pool.filter((row) => row.conversationId === first.conversationId && isPlainGroupReply(row))
    let rows = companions.slice(0, MAX_COALESCED)
    if (!rows.some((r) => r.id === first.id)) rows = [first, ...rows.slice(0, MAX_COALESCED - 1)]
    while (rows.length > 1 && combinedText(rows.map((r) => r.text), kind).length > MAX_PART) rows = rows.slice(0, -1)
    if (kind === 'held') capHeld.delete(first.conversationId)
    return rows
  })
}

/** Whether a row of the turn gathers others into its message. */
export const gathers = (row: PendingRow, capHeld: ReadonlySet<string>): boolean => row.coalesce !== null || (isPlainGroupReply(row) && capHeld.has(row.conversationId))

/** The one message made of several rows (or of a late acknowledgement alone, which has its own wording); null: the row goes as it is. */
export function combinedMessage(rows: PendingRow[]): Outgoing | null {
  const first = rows[0]!
  const kind = (first.coalesce as CombineKind | null) ?? (rows.length > 1 ? 'held' : null)
  if (!kind || (rows.length === 1 && kind !== 'late')) return null
  const mentionIds = [...new Set(rows.flatMap((r) => (r.mentionIds ? r.mentionIds.split(',') : [])))]
  return { conversationId: first.conversationId, isRoom: first.isRoom, text: combinedText(rows.map((r) => r.text), kind), mentionIds }
}
