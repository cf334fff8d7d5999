import type { Db } from '../context.js'
import { redactPersonalNumbers, type PublicNumbers } from '../mask.js'
import type { CaseRow } from './case-store.js'

export type ExampleSource = 'confirmed' | 'dismissed' | 'corrected'

/** The label the station's staff gave a case, in the corpus's format. */
export function labelOf(caseRow: Pick<CaseRow, 'category' | 'building' | 'unit' | 'room' | 'urgency'>, isRequest: boolean): Record<string, unknown> {
  if (!isRequest) return { isRequest: false }
  const { category, building, unit, room, urgency } = caseRow
  return { isRequest: true, category, building, unit, room, urgency }
}

/**
 * Keeps what staff said about a case as a labelled example for retraining: the resident's words
 * with phone and ID numbers replaced, no name or contact id. The same decision recorded twice
 * (a retried command) is kept once.
 */
export async function recordExample(db: Db, caseRow: CaseRow, source: ExampleSource, isRequest: boolean, by: { actorId: string; messageId: string }, at: Date, publicNumbers: PublicNumbers): Promise<void> {
  if (caseRow.anonymisedAt) return
  const group = caseRow.groupId === null ? null : await db.chatGroup.findUnique({ where: { id: caseRow.groupId }, select: { topic: true } })
  const data = {
    communityId: caseRow.communityId, caseId: caseRow.id, source, groupTopic: group?.topic ?? null,
    text: redactPersonalNumbers(caseRow.text, publicNumbers), label: JSON.stringify(labelOf(caseRow, isRequest)), ...by, at,
  }
  await db.trainingExample.upsert({ where: { caseId_source_messageId: { caseId: caseRow.id, source, messageId: by.messageId } }, create: data, update: {} })
}
