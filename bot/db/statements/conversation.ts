import { Prisma } from '../../generated/prisma/client.js'
import type { CaseRow, ConversationQuery, ConversationRows } from '../../../handlers/ports.js'
import type { Statements } from '../connection.js'

/**
 * A group's recent messages and open cases before one message, in three plain statements: every
 * group message is read with them, so they skip the ORM's per-query cost.
 */
export async function loadConversation(sql: Statements, q: ConversationQuery): Promise<ConversationRows> {
  const recent = await sql.rows<ConversationRows['recent'][number]>(Prisma.sql`
    SELECT "wechatId", "talkerId", "talkerName", "text", "receivedAt", "caseId", "reading" FROM "InboundMessage"
    WHERE "groupId" = ${q.groupId} AND "kind" = 'text' AND "receivedAt" >= ${q.since} AND "id" < ${q.beforeId}
    ORDER BY "id" DESC LIMIT ${q.messages}`)
  const joined = [...new Set(recent.flatMap((r) => (r.caseId === null ? [] : [Number(r.caseId)])))]
  const ofGroup = Prisma.sql`("groupId" = ${q.groupId} AND "createdAt" >= ${q.since} AND "createdAt" <= ${q.until})`
  const cases = await sql.rows<CaseRow>(Prisma.sql`
    SELECT * FROM "Case"
    WHERE "communityId" = ${q.communityId} AND "state" IN (${Prisma.join(q.states)})
      AND (${joined.length ? Prisma.sql`${ofGroup} OR "id" IN (${Prisma.join(joined)})` : ofGroup})
    ORDER BY "id" DESC LIMIT ${q.cases}`)
  const reporters = cases.length
    ? await sql.rows<{ caseId: number; contactId: string }>(Prisma.sql`
      SELECT "caseId", "contactId" FROM "CaseReporter" WHERE "caseId" IN (${Prisma.join(cases.map((c) => c.id))}) ORDER BY "id"`)
    : []
  return { recent, cases, reporters }
}

/** What the reader made of a stored message. */
export async function noteReading(sql: Statements, wechatId: string, caseId: number | null, reading: string): Promise<void> {
  await sql.run(Prisma.sql`UPDATE "InboundMessage" SET "caseId" = ${caseId}, "reading" = ${reading} WHERE "wechatId" = ${wechatId}`)
}
