import type { Party } from '../../bot/community-config.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { isUniqueViolation } from '../db-errors.js'
import { understand } from '../parse/understand.js'
import { createCase } from './case-store.js'
import { ackText } from './case-texts.js'
import { deadlinesFor } from './deadlines.js'
import { handlerFor, partyFor } from './routing.js'

const PRIVATE_REPORT_HINT = '收到您的反映。为了方便物业和楼栋长跟进，请把问题发在您所在的楼栋群里，我会马上登记并回复工单号。'

/** 提: a resident's free text becomes a case, acknowledged in the same group; anything else gets silence. */
export async function registerCase({ msg, db, clock, community, model }: HandlerContext): Promise<Reply[]> {
  const parsed = await understand(msg.text, msg.group?.building ?? null, { residentId: msg.sender.id, now: clock.now(), model })
  if (!parsed.isRequest || !parsed.category || !parsed.urgency) return []
  // Cases are followed up where neighbours and staff can see them: the building's group.
  if (!msg.group) return [replyHere(msg, PRIVATE_REPORT_HINT)]

  const now = clock.now()
  const party: Party = partyFor(parsed.category, community.config)
  const handler = handlerFor(party, parsed.building, community.config)
  try {
    const caseRow = await createCase(db, {
      communityId: community.id,
      category: parsed.category,
      building: parsed.building,
      unit: parsed.unit,
      room: parsed.room,
      urgency: parsed.urgency,
      state: 'reported',
      text: msg.text,
      reporterId: msg.sender.id,
      reporterName: msg.sender.name,
      groupId: msg.group.id,
      party,
      parserVersion: parsed.parserVersion,
      sourceMessage: msg.messageId,
      ...deadlinesFor(parsed.urgency, now),
      createdAt: now,
    })
    return [replyHere(msg, ackText(caseRow, handler?.name ?? null), 'ack')]
  } catch (error) {
    // The same WeChat message seen again: its case and acknowledgement already exist.
    if (isUniqueViolation(error)) return []
    throw error
  }
}
