import { Prisma } from '../../generated/prisma/client.js'
import { CONVERSATION_CASE_COLUMNS, type CaseNote, type ConversationCase, type ConversationQuery, type ConversationRows } from '../../../handlers/ports.js'
import type { Statements } from '../connection.js'
import { FOLLOW_UP } from '../../../handlers/cases/case-store.js'

/**
 * A group's recent messages and open cases before one message, in a few plain statements: every
 * group message is read with them, so they skip the ORM's per-query cost.
 */
export async function loadConversation(sql: Statements, q: ConversationQuery): Promise<ConversationRows> {
  const recent = await sql.rows<ConversationRows['recent'][number]>(Prisma.sql`
    SELECT "wechatId", "talkerId", "talkerName", "text", "receivedAt", "caseId", "reading" FROM "InboundMessage"
    WHERE "groupId" = ${q.groupId} AND "kind" = 'text' AND "receivedAt" >= ${q.since} AND "id" < ${q.beforeId} AND "status" NOT IN ('heard', 'copy', 'stale')
    ORDER BY "id" DESC LIMIT ${limit(q.messages)}`)
  // The group's open cases of the window by their own index, then the few its recent messages joined
  // that are not among them (an older case, another group's): the newest 20 are chosen from the ids
  // before any row is read, never by a walk through every open case of the community.
  const states = Prisma.join(q.states)
  const ofGroup = await sql.rows<{ id: number }>(Prisma.sql`
    SELECT "id" FROM "Case" WHERE "groupId" = ${q.groupId} AND "state" IN (${states}) AND "createdAt" >= ${q.since} AND "createdAt" <= ${q.until}
    ORDER BY "id" DESC LIMIT ${limit(q.cases)}`)
  const chosen = ofGroup.map((r) => r.id)
  const floor = chosen.length < q.cases ? 0 : chosen.at(-1)!
  const known = new Set(chosen)
  const others = [...new Set(recent.flatMap((r) => (r.caseId === null ? [] : [Number(r.caseId)])))].filter((id) => !known.has(id) && id > floor)
  if (others.length) {
    const open = await sql.rows<{ id: number }>(Prisma.sql`SELECT "id" FROM "Case" WHERE "id" IN (${Prisma.join(others)}) AND "communityId" = ${q.communityId} AND "state" IN (${states})`)
    chosen.push(...open.map((r) => r.id))
  }
  const newest = chosen.sort((a, b) => b - a).slice(0, q.cases)
  const cases = newest.length
    ? await sql.rows<ConversationCase>(Prisma.sql`
      SELECT ${Prisma.join(CONVERSATION_CASE_COLUMNS.map((c) => Prisma.raw(`"${c}"`)))} FROM "Case" WHERE "id" IN (${Prisma.join(newest)}) ORDER BY "id" DESC`)
    : []
  const reporters = cases.length
    ? await sql.rows<{ caseId: number; contactId: string }>(Prisma.sql`
      SELECT "caseId", "contactId" FROM "CaseReporter" WHERE "caseId" IN (${Prisma.join(cases.map((c) => c.id))}) ORDER BY "id"`)
    : []
  return { recent, cases, reporters }
}

/** A limit written into the statement: SQLite plans a bound LIMIT of a subquery two times slower. */
const limit = (n: number) => Prisma.raw(String(Math.max(0, Math.trunc(n))))

/** What the reader made of a stored message. */
export async function noteReading(sql: Statements, wechatId: string, caseId: number | null, reading: string): Promise<void> {
  await sql.run(Prisma.sql`UPDATE "InboundMessage" SET "caseId" = ${caseId}, "reading" = ${reading} WHERE "wechatId" = ${wechatId}`)
}

/**
 * A resident's note in a case's history, keyed by the message it came from (a second handling adds
 * nothing), and with it, when asked, the words added to the case's text: one statement on
 * PostgreSQL, one transaction on SQLite, so a note is never kept without its words or twice.
 */
export async function addCaseNote(sql: Statements, n: CaseNote): Promise<boolean> {
  const event = Prisma.sql`
    INSERT INTO "CaseEvent" ("caseId", "actorId", "actorName", "action", "fromState", "toState", "note", "at", "sourceMessage")
    VALUES (${n.caseId}, ${n.actorId}, ${n.actorName}, ${FOLLOW_UP}, ${n.state}, ${n.state}, ${n.note}, ${n.at}, ${n.sourceMessage})
    ON CONFLICT ("sourceMessage") DO NOTHING`
  const append = Prisma.sql`UPDATE "Case" SET "text" = "text" || ' ' || CAST(${n.note} AS TEXT) WHERE "id" = ${n.caseId} AND strpos("text", CAST(${n.note} AS TEXT)) = 0`
  if (sql.provider === 'postgres') {
    const [row] = await sql.rows<{ added: number }>(Prisma.sql`
      WITH "noted" AS (${event} RETURNING "id")${n.appendToText ? Prisma.sql`, "appended" AS (${append} AND EXISTS (SELECT 1 FROM "noted") RETURNING "id")` : Prisma.empty}
      SELECT COUNT(*)::int AS "added" FROM "noted"`)
    return (row?.added ?? 0) > 0
  }
  return sql.atomically((tx) => {
    const added = tx.run(event) > 0
    if (added && n.appendToText) tx.run(Prisma.sql`UPDATE "Case" SET "text" = "text" || ' ' || ${n.note} WHERE "id" = ${n.caseId} AND instr("text", ${n.note}) = 0`)
    return added
  })
}
