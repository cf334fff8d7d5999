import { Prisma } from '../../generated/prisma/client.js'
import type { CaseRow, NewCase, OpenCasesQuery } from '../../../handlers/ports.js'
import { OPEN_STATES } from '../../../handlers/cases/states.js'
import { COMMIT_UNFLUSHED, type Statements } from '../connection.js'

/**
 * Stores a case under the next number (#N per community) with its reporter and first event. The
 * number comes from the community's counter, incremented in the same transaction: concurrent
 * reports (or processes) each get their own number, and a failed insert gives its number back.
 * The columns are the fields given, so a field added to NewCase is stored too.
 */
export async function createNumberedCase(sql: Statements, data: NewCase): Promise<CaseRow> {
  const row = { ...data, updatedAt: data.createdAt }
  const columns = Prisma.join(Object.keys(row).map((name) => Prisma.raw(`"${name}"`)))
  const values = Prisma.join(Object.values(row).map((value) => value ?? null))
  const reporter = Prisma.sql`${data.reporterId}, ${data.reporterName}, ${data.groupId}, ${data.createdAt}`
  const event = Prisma.sql`${data.reporterId}, ${data.reporterName}, ${data.state}, ${data.state}, ${data.text}, ${data.createdAt}`
  if (sql.provider === 'postgres') {
    // One statement: the counter's row is locked only while it runs, not across round trips; committed without waiting for the disk.
    const [created] = await sql.rows<CaseRow>(Prisma.sql`
      WITH "unflushed" AS (SELECT ${COMMIT_UNFLUSHED}), "numbered" AS (
        UPDATE "Community" SET "lastCaseNumber" = "lastCaseNumber" + 1 WHERE "id" = ${data.communityId} RETURNING "lastCaseNumber"
      ), "created" AS (
        INSERT INTO "Case" (${columns}, "number") VALUES (${values}, (SELECT "lastCaseNumber" FROM "numbered")) RETURNING *
      ), "reporter" AS (
        INSERT INTO "CaseReporter" ("caseId", "contactId", "name", "groupId", "createdAt") VALUES ((SELECT "id" FROM "created"), ${reporter})
      ), "event" AS (
        INSERT INTO "CaseEvent" ("caseId", "actorId", "actorName", "action", "toState", "note", "at") VALUES ((SELECT "id" FROM "created"), ${event})
      )
      SELECT "created".* FROM "created", "unflushed"`)
    return created!
  }
  return sql.atomically((tx) => {
    const [counter] = tx.rows<{ number: number }>(Prisma.sql`
      UPDATE "Community" SET "lastCaseNumber" = "lastCaseNumber" + 1 WHERE "id" = ${data.communityId} RETURNING "lastCaseNumber" AS "number"`)
    const [created] = tx.rows<CaseRow>(Prisma.sql`INSERT INTO "Case" (${columns}, "number") VALUES (${values}, ${counter!.number}) RETURNING *`)
    tx.run(Prisma.sql`INSERT INTO "CaseReporter" ("caseId", "contactId", "name", "groupId", "createdAt") VALUES (${created!.id}, ${reporter})`)
    tx.run(Prisma.sql`INSERT INTO "CaseEvent" ("caseId", "actorId", "actorName", "action", "toState", "note", "at") VALUES (${created!.id}, ${event})`)
    return created!
  })
}

/** The open cases of one building and category reported since a moment, newest first, at most 20. */
export function findOpenCases(sql: Statements, query: OpenCasesQuery): Promise<CaseRow[]> {
  return sql.rows<CaseRow>(Prisma.sql`
    SELECT * FROM "Case"
    WHERE "communityId" = ${query.communityId} AND "building" = ${query.building} AND "category" = ${query.category}
      AND "state" IN (${Prisma.join(OPEN_STATES)}) AND "createdAt" >= ${query.since}
    ORDER BY "createdAt" DESC LIMIT 20`)
}

/** One case of the community by its id, or null. */
export async function caseById(sql: Statements, communityId: number, id: number): Promise<CaseRow | null> {
  const [found] = await sql.rows<CaseRow>(Prisma.sql`SELECT * FROM "Case" WHERE "id" = ${id} AND "communityId" = ${communityId}`)
  return found ?? null
}
