import type { Reply } from '../../handlers/context.js'
import { forWeChat } from '../../handlers/report-page/web-report.js'
import type { Prisma } from '../db/client.js'
import type { Statements } from '../db/connection.js'
import { insertOutboxRows, type NewOutboxRow } from '../db/statements/outbox.js'

/** WeChat refuses very long texts; parts stay under this many characters. */
export const MAX_PART = 1800

/** Splits a long text near MAX_PART, at a line break where one is close. */
export function splitText(text: string, max = MAX_PART): string[] {
  const parts: string[] = []
  let rest = text
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max)
    const at = cut > max * 0.6 ? cut : max
    parts.push(rest.slice(0, at))
    rest = rest.slice(at).replace(/^\n/, '')
  }
  parts.push(rest)
  return parts
}

/**
 * The outbox rows of some replies: a long text in parts, each part under its own key. Nothing goes
 * to a report page's reporter, who reads their page instead.
 */
function outboxRowsOf(communityId: number, replies: Reply[], now: Date): NewOutboxRow[] {
  return forWeChat(replies).flatMap((reply) => {
    const parts = reply.image ? [reply.text] : splitText(reply.text)
    return parts.map((text, i) => ({
      communityId,
      conversationId: reply.conversationId,
      isRoom: reply.isRoom,
      text,
      mentionIds: i === 0 ? (reply.mentionIds ?? []).join(',') : '',
      dedupeKey: parts.length > 1 ? `${reply.key}#${i + 1}` : reply.key,
      fileName: reply.image?.name ?? null,
      fileData: reply.image ? Buffer.from(reply.image.data) : null,
      coalesce: (parts.length === 1 && reply.coalesce) || null,
      broadcast: reply.broadcast ?? null,
      urgent: reply.urgent ?? false,
      createdAt: now,
    }))
  })
}

/**
 * Writes replies as outbox rows. Each row's key is unique, so a message handled twice
 * (a redelivery, a restart mid-way) queues each reply once. `andThen` (a message marked handled)
 * runs right after the rows are written (insertOutboxRows). The number of rows written.
 */
export function enqueueReplies(sql: Statements, communityId: number, replies: Reply[], now: Date, andThen?: Prisma.Sql): Promise<number> {
  return insertOutboxRows(sql, outboxRowsOf(communityId, replies, now), andThen)
}

/**
 * Writes replies as outbox rows inside a transaction the caller holds (a command's change and its
 * replies, committed together), through the transaction's own client. A key queued before stays.
 */
export async function enqueueInTransaction(tx: Prisma.TransactionClient, communityId: number, replies: Reply[], now: Date): Promise<number> {
  let queued = 0
  for (const row of outboxRowsOf(communityId, replies, now)) {
    if (await tx.outboxMessage.findUnique({ where: { communityId_dedupeKey: { communityId: row.communityId, dedupeKey: row.dedupeKey } }, select: { id: true } })) continue
    await tx.outboxMessage.create({ data: row })
    queued++
  }
  return queued
}
