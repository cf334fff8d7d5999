import type { Db, Incoming, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { CaseRow } from './case-store.js'

/**
 * A status post in every group the case was reported from, @-mentioning the reporters
 * who wrote there; the case's own group comes first.
 */
export async function postToCaseGroup(db: Db, caseRow: CaseRow, text: string, key: string): Promise<Reply[]> {
  const reporters = await db.caseReporter.findMany({ where: { caseId: caseRow.id }, orderBy: { id: 'asc' } })
  const byGroup = new Map<number, string[]>()
  if (caseRow.groupId !== null) byGroup.set(caseRow.groupId, [])
  for (const r of reporters) {
    const groupId = r.groupId ?? caseRow.groupId
    if (groupId === null) continue
    byGroup.set(groupId, [...(byGroup.get(groupId) ?? []), r.contactId])
  }
  const groups = await db.chatGroup.findMany({ where: { id: { in: [...byGroup.keys()] } } })
  const replies: Reply[] = []
  for (const [groupId, mentionIds] of byGroup) {
    const group = groups.find((g) => g.id === groupId)
    if (!group) continue
    const suffix = groupId === caseRow.groupId ? '' : `:g${groupId}`
    replies.push({ conversationId: group.roomId, isRoom: true, text, mentionIds, key: `${key}${suffix}` })
  }
  return replies
}

/**
 * Tells the case's groups about a change, and confirms to the staff member when they
 * wrote from somewhere else (a group never hears the same news twice).
 */
export async function announceChange(db: Db, msg: Incoming, caseRow: CaseRow, text: string, confirm: string): Promise<Reply[]> {
  const posts = await postToCaseGroup(db, caseRow, text, `${msg.messageId}:case-${caseRow.id}`)
  const sameConversation = posts.some((p) => p.conversationId === (msg.group?.roomId ?? msg.sender.id))
  return sameConversation ? posts : [...posts, replyHere(msg, confirm)]
}
