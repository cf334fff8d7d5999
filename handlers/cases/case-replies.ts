import type { Db, Incoming, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { CaseRow } from './case-store.js'
import { reportersOf } from './case-store.js'

/** A status post in the group the case came from, @-mentioning everyone who reported it. */
export async function postToCaseGroup(db: Db, caseRow: CaseRow, text: string, key: string): Promise<Reply[]> {
  if (caseRow.groupId === null) return []
  const group = await db.chatGroup.findUnique({ where: { id: caseRow.groupId } })
  if (!group) return []
  const mentionIds = await reportersOf(db, caseRow.id)
  return [{ conversationId: group.roomId, isRoom: true, text, mentionIds, key }]
}

/**
 * Tells the case's group about a change, and confirms to the staff member when they
 * wrote from somewhere else (a group never hears the same news twice).
 */
export async function announceChange(db: Db, msg: Incoming, caseRow: CaseRow, text: string, confirm: string): Promise<Reply[]> {
  const posts = await postToCaseGroup(db, caseRow, text, `${msg.messageId}:case-${caseRow.id}`)
  const sameConversation = posts.some((p) => p.conversationId === (msg.group?.roomId ?? msg.sender.id))
  return sameConversation ? posts : [...posts, replyHere(msg, confirm)]
}
