import { newSecret } from '../dashboard/dashboard-commands.js'
import type { HandlerContext, Reply } from '../context.js'
import { isUniqueViolation } from '../db-errors.js'
import { replyHere } from '../context.js'

/** How long after a report its reporter's picture in the same group still belongs to it. */
export const PHOTO_WINDOW_MS = 10 * 60_000

const MIME_OF: Record<string, string> = { png: 'image/png', gif: 'image/gif', webp: 'image/webp', jpg: 'image/jpeg', jpeg: 'image/jpeg' }

/** The picture's type from its first bytes, else its name; only pictures are kept. */
export function pictureType(name: string, data: Uint8Array): string | null {
  return pictureTypeOfBytes(data) ?? MIME_OF[name.split('.').pop()?.toLowerCase() ?? ''] ?? null
}

/** The picture's type from its first bytes alone (PNG, JPEG, GIF, WebP), or null: what a form's upload is judged by. */
export function pictureTypeOfBytes(data: Uint8Array): string | null {
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png'
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  if (data[0] === 0x47 && data[1] === 0x49 && data[2] === 0x46) return 'image/gif'
  const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to))
  if (data.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return null
}

/**
 * A picture a resident sends in a group within 10 minutes of reporting something there goes with
 * that case (the newest one): kept by the bot for staff, never posted to any group. The same
 * picture handled twice is kept once. Nothing is said when it belongs to no case.
 */
export async function attachPhoto(ctx: HandlerContext, picture: { name: string; data: Uint8Array }): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  if (!msg.group) return []
  const mimeType = pictureType(picture.name, picture.data)
  if (!mimeType) return []
  const now = clock.now()
  const caseRow = await db.case.findFirst({
    where: { communityId: community.id, groupId: msg.group.id, reporterId: msg.sender.id, createdAt: { gte: new Date(now.getTime() - PHOTO_WINDOW_MS) }, anonymisedAt: null },
    orderBy: { createdAt: 'desc' },
  })
  if (!caseRow) return []
  try {
    await db.casePhoto.create({
      data: {
        communityId: community.id, caseId: caseRow.id, messageId: msg.messageId, contactId: msg.sender.id, fileName: picture.name.slice(0, 80),
        mimeType, data: Buffer.from(picture.data), size: picture.data.length, source: 'resident', createdAt: now, key: newSecret(),
      },
    })
  } catch (error) {
    // Handled before (a retry): kept already, and said already.
    if (!isUniqueViolation(error)) throw error
  }
  return [{ ...replyHere(msg, `照片已附到 #${caseRow.number}，工作人员处理时能看到。`, 'photo'), coalesce: 'ack' }]
}
