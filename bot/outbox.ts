import type { Reply } from '../handlers/context.js'
import type { Db } from './db.js'
import { isUniqueViolation } from './db.js'

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
 * Writes replies as outbox rows. Each row's key is unique, so a message handled twice
 * (a redelivery, a restart mid-way) queues each reply once.
 */
export async function enqueueReplies(db: Db, communityId: number, replies: Reply[], now: Date): Promise<number> {
  const rows = replies.flatMap((reply) => {
    const parts = reply.image ? [reply.text] : splitText(reply.text)
    return parts.map((text, i) => ({
      communityId,
      conversationId: reply.conversationId,
      isRoom: reply.isRoom,
      text,
      mentionIds: i === 0 ? (reply.mentionIds ?? []).join(',') : '',
      dedupeKey: parts.length > 1 ? `${reply.key}#${i + 1}` : reply.key,
      fileName: reply.image?.name,
      fileData: reply.image ? Buffer.from(reply.image.data) : undefined,
      coalesce: parts.length === 1 ? reply.coalesce : undefined,
      broadcast: reply.broadcast,
      createdAt: now,
    }))
  })
  if (rows.length === 0) return 0
  // Usually all new: one statement. When some were queued before, each row on its own.
  try {
    return (await db.outboxMessage.createMany({ data: rows })).count
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
  }
  let queued = 0
  for (const data of rows) {
    try {
      await db.outboxMessage.create({ data, select: { id: true } })
      queued++
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
  }
  return queued
}
