import { LOGIN_PATH, SENT_LINK_TEXT } from '../../../handlers/dashboard/dashboard-commands.js'
import { Prisma, type OutboxMessage } from '../../generated/prisma/client.js'
import { COMMIT_UNFLUSHED, type Statements } from '../connection.js'

/** An outbox row as it is written. */
export type NewOutboxRow = Pick<OutboxMessage, 'communityId' | 'conversationId' | 'isRoom' | 'text' | 'mentionIds' | 'dedupeKey' | 'fileName' | 'fileData' | 'coalesce' | 'broadcast' | 'urgent' | 'createdAt'>

/** What the sender reads of a pending row: all but the image bytes, read only when one is sent. */
export type PendingRow = Pick<OutboxMessage, 'id' | 'conversationId' | 'isRoom' | 'text' | 'mentionIds' | 'fileName' | 'coalesce' | 'broadcast' | 'attempts' | 'urgent'>

/** Rows per INSERT statement: well under either database's limit on parameters. */
const ROWS_PER_INSERT = 500

const PENDING_COLUMNS = Prisma.sql`"id", "conversationId", "isRoom", "text", "mentionIds", "fileName", "coalesce", "broadcast", "attempts", "urgent"`

/**
 * Writes outbox rows; a key queued before is left as it is, so a message handled twice queues each
 * reply once. `andThen`, an UPDATE (a message marked handled), runs right after the rows are
 * written; on PostgreSQL in the same statement, which saves a round trip and a commit per message,
 * and committed without waiting for the disk. The number of rows written.
 */
export async function insertOutboxRows(sql: Statements, rows: NewOutboxRow[], andThen?: Prisma.Sql): Promise<number> {
  const inserts = []
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows.slice(i, i + ROWS_PER_INSERT).map((r) => Prisma.sql`(
      ${r.communityId}, ${r.conversationId}, ${r.isRoom}, ${r.text}, ${r.mentionIds}, ${r.dedupeKey},
      ${r.fileName}, ${r.fileData}, ${r.coalesce}, ${r.broadcast}, ${r.urgent}, ${r.createdAt})`)
    inserts.push(Prisma.sql`
      INSERT INTO "OutboxMessage" ("communityId", "conversationId", "isRoom", "text", "mentionIds", "dedupeKey", "fileName", "fileData", "coalesce", "broadcast", "urgent", "createdAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("communityId", "dedupeKey") DO NOTHING`)
  }
  const last = inserts.pop()
  let queued = 0
  for (const insert of inserts) queued += await sql.run(insert)
  if (andThen && sql.provider === 'postgres') {
    // Without waiting for the disk: a message whose handling is lost is handled again.
    if (!last) {
      await sql.rows(Prisma.sql`${andThen} RETURNING ${COMMIT_UNFLUSHED}`)
      return queued
    }
    // The insert as a data-modifying WITH, which PostgreSQL runs to completion whatever the UPDATE reads of it.
    const [done] = await sql.rows<{ queued: number }>(Prisma.sql`
      WITH "queued" AS (${last} RETURNING 1) ${andThen} RETURNING (SELECT COUNT(*)::int FROM "queued") AS "queued", ${COMMIT_UNFLUSHED}`)
    return queued + (done?.queued ?? 0)
  }
  if (last) queued += await sql.run(last)
  if (andThen) await sql.run(andThen)
  return queued
}

export interface PendingQuery {
  communityId: number
  /** Only urgent rows (read from their own index, however long the queue of ordinary ones). */
  urgentOnly?: boolean
  /** Only private replies (at the daily cap, when group posts wait). */
  privateOnly?: boolean
  limit: number
}

/** The oldest pending rows of a community, in the order they were queued. */
export function pendingOutbox(sql: Statements, query: PendingQuery): Promise<PendingRow[]> {
  const urgent = query.urgentOnly ? Prisma.sql`AND "urgent" = ${true}` : Prisma.empty
  const privateOnly = query.privateOnly ? Prisma.sql`AND "isRoom" = ${false}` : Prisma.empty
  return sql.rows<PendingRow>(Prisma.sql`
    SELECT ${PENDING_COLUMNS}
    FROM "OutboxMessage"
    WHERE "communityId" = ${query.communityId} AND "status" = 'pending' ${urgent} ${privateOnly}
    ORDER BY "id" LIMIT ${query.limit}`)
}

/**
 * For each (conversation, kind of combining) given, its oldest `limit` pending rows, each read from
 * the index however long its queue; in the order they were queued. A null kind: plain replies.
 */
export async function pendingToCombine(sql: Statements, communityId: number, firsts: Array<Pick<PendingRow, 'conversationId' | 'coalesce'>>, limit: number): Promise<PendingRow[]> {
  if (firsts.length === 0) return []
  const oldest = firsts.map((first) => Prisma.sql`
    SELECT * FROM (
      SELECT ${PENDING_COLUMNS}
      FROM "OutboxMessage"
      WHERE "conversationId" = ${first.conversationId} AND "status" = 'pending' AND ${first.coalesce === null ? Prisma.sql`"coalesce" IS NULL` : Prisma.sql`"coalesce" = ${first.coalesce}`} AND "communityId" = ${communityId}
      ORDER BY "id" LIMIT ${limit}
    ) AS "oldest"`)
  const rows = await sql.rows<PendingRow>(Prisma.join(oldest, ' UNION ALL '))
  return rows.sort((a, b) => a.id - b.id)
}

/** The rows still pending become this process's ('sending') in one statement: the ids it got; another process may have taken some. */
export async function claimOutbox(sql: Statements, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return []
  const claimed = await sql.rows<{ id: number }>(Prisma.sql`
    UPDATE "OutboxMessage" SET "status" = 'sending'
    WHERE "id" IN (${Prisma.join(ids)}) AND "status" = 'pending'
    RETURNING "id"`)
  return claimed.map((r) => r.id)
}

/** Marks rows sent at a moment; on PostgreSQL without waiting for the disk (the claim before the send did). The number marked. */
export async function markOutboxSent(sql: Statements, ids: number[], at: Date): Promise<number> {
  if (ids.length === 0) return 0
  // A dashboard login link is a secret: once it is sent, the row keeps no copy of it.
  const text = Prisma.sql`CASE WHEN "text" LIKE ${`%${LOGIN_PATH}%`} THEN ${SENT_LINK_TEXT} ELSE "text" END`
  const update = Prisma.sql`UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${at}, "text" = ${text} WHERE "id" IN (${Prisma.join(ids)})`
  if (sql.provider === 'postgres') return (await sql.rows(Prisma.sql`${update} RETURNING ${COMMIT_UNFLUSHED}`)).length
  return sql.run(update)
}
