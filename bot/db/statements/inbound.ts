import { Prisma } from '../../generated/prisma/client.js'
import type { Statements } from '../connection.js'

export interface NewInbound {
  communityId: number
  wechatId: string
  roomId: string | null
  groupId: number | null
  talkerId: string
  talkerName: string
  text: string
  mentions: string | null
  late: boolean
  kind: 'text' | 'image' | 'other'
  fileName: string | null
  fileData: Uint8Array | null
  receivedAt: Date
}

/**
 * Stores a resident's message as received, once per WeChat id: the id of the new row, or null when
 * that message was stored before (a redelivery, a second process), which is then no one's to handle.
 * A standby account stores what it hears as `heard`: kept, not handled unless it takes over.
 */
export async function insertInbound(sql: Statements, data: NewInbound, status: 'received' | 'heard' = 'received'): Promise<number | null> {
  const [stored] = await sql.rows<{ id: number }>(Prisma.sql`
    INSERT INTO "InboundMessage" ("communityId", "wechatId", "roomId", "groupId", "talkerId", "talkerName", "text", "mentions", "late", "kind", "fileName", "fileData", "receivedAt", "status")
    VALUES (${data.communityId}, ${data.wechatId}, ${data.roomId}, ${data.groupId}, ${data.talkerId}, ${data.talkerName}, ${data.text}, ${data.mentions}, ${data.late}, ${data.kind}, ${data.fileName}, ${data.fileData}, ${data.receivedAt}, ${status})
    ON CONFLICT ("wechatId") DO NOTHING
    RETURNING "id"`)
  return stored?.id ?? null
}

/**
 * The statement marking a stored message handled, run with its replies' insert (enqueueReplies'
 * `andThen`); a picture's bytes go with it (attached to a case by then, or let go).
 */
export const markHandled = (id: number, at: Date): Prisma.Sql => Prisma.sql`UPDATE "InboundMessage" SET "status" = 'handled', "handledAt" = ${at}, "fileData" = NULL WHERE "id" = ${id}`
