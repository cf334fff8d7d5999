import type { Reply } from '../../handlers/context.js'
import type { Db } from '../db/client.js'
import { Prisma } from '../db/client.js'
import { COMMIT_UNFLUSHED, isPostgres, statements } from '../db/connection.js'

/** Rows per INSERT statement: well under either database's limit on parameters. */
const ROWS_PER_INSERT = 500

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

/** The outbox rows of some replies: a long text in parts, each part under its own key. */
function outboxRowsOf(communityId: number, replies: Reply[], now: Date) {
  return replies.flatMap((reply) => {
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
 * (a redelivery, a restart mid-way) queues each reply once. `andThen`, an UPDATE (the router's
 * "message handled"), runs right after the rows are written; on PostgreSQL in the same statement,
 * which saves a round trip and a commit per message, and committed without waiting for the disk.
 */
export async function enqueueReplies(db: Db, communityId: number, replies: Reply[], now: Date, andThen?: Prisma.Sql): Promise<number> {
  const rows = outboxRowsOf(communityId, replies, now)
  // A key queued before is left as it is.
  const inserts = []
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => Prisma.sql`(
      ${r.communityId}, ${r.conversationId}, ${r.isRoom}, ${r.text}, ${r.mentionIds}, ${r.dedupeKey},
      ${r.fileName}, ${r.fileData}, ${r.coalesce}, ${r.broadcast}, ${r.urgent}, ${r.createdAt})`)
    inserts.push(Prisma.sql`
      INSERT INTO "OutboxMessage" ("communityId", "conversationId", "isRoom", "text", "mentionIds", "dedupeKey", "fileName", "fileData", "coalesce", "broadcast", "urgent", "createdAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("dedupeKey") DO NOTHING`)
  }
  const last = inserts.pop()
  let queued = 0
  for (const insert of inserts) queued += await statements(db).run(insert)
  if (andThen && isPostgres(db)) {
    // Without waiting for the disk (statements.ts): a message whose handling is lost is handled again.
    if (!last) {
      await statements(db).rows(Prisma.sql`${andThen} RETURNING ${COMMIT_UNFLUSHED}`)
      return queued
    }
    // The insert as a data-modifying WITH, which PostgreSQL runs to completion whatever the UPDATE reads of it.
    const [done] = await statements(db).rows<{ queued: number }>(Prisma.sql`
      WITH "queued" AS (${last} RETURNING 1) ${andThen} RETURNING (SELECT COUNT(*)::int FROM "queued") AS "queued", ${COMMIT_UNFLUSHED}`)
    return queued + (done?.queued ?? 0)
  }
  if (last) queued += await statements(db).run(last)
  if (andThen) await statements(db).run(andThen)
  return queued
}

/**
 * Writes replies as outbox rows inside a transaction the caller holds (a command's change and its
 * replies, committed together), through the transaction's own client. A key queued before stays.
 */
export async function enqueueInTransaction(tx: Prisma.TransactionClient, communityId: number, replies: Reply[], now: Date): Promise<number> {
  let queued = 0
  for (const row of outboxRowsOf(communityId, replies, now)) {
    if (await tx.outboxMessage.findUnique({ where: { dedupeKey: row.dedupeKey }, select: { id: true } })) continue
    await tx.outboxMessage.create({ data: row })
    queued++
  }
  return queued
}
