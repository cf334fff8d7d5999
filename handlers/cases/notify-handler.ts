import type { Party } from '../community/vocabulary.js'
import type { HandlerContext, Reply } from '../context.js'
import type { CaseRow } from './case-store.js'
import { handlerNoticeText, helpWantedText, type NoticeReason } from './case-texts.js'
import { handlerFor, staffGroupFor } from './routing.js'
import { withRoster } from './staff-roster.js'

/**
 * Tells whoever handles the case's party that it exists: in the party's staff group (with an
 * @ to the named person) when it has one, else the named person privately; once (the outbox
 * key is the case's). Notices waiting together for one staff group or person go as one message.
 */
export async function notifyHandler(ctx: HandlerContext, caseRow: CaseRow, reason: NoticeReason, addition?: { words: string; key: string }): Promise<Reply[]> {
  const config = withRoster(ctx.community.config, await ctx.ports.staffRoster(ctx.db))
  const party = caseRow.party as Party
  const person = handlerFor(party, caseRow.building, config)
  const topic = staffGroupFor(party, config)
  const room = topic ? await ctx.ports.roomOfTopic(topic) : null
  // Only a staff group reads the room and the resident's words; any other group (volunteers) the masked version.
  const staffOnly = config.groups.find((g) => g.topic === topic)?.kind === 'staff'
  const text = room && !staffOnly ? helpWantedText(caseRow, config) : handlerNoticeText(caseRow, reason, config, addition?.words)
  // A case is new once: handled again after it changed (made urgent meanwhile), its report is not announced twice.
  // A notice carrying a resident's added words is keyed by their message, so it goes with their data when they ask.
  const key = addition?.key ?? (reason === 'new' ? `case-${caseRow.id}:new` : `case-${caseRow.id}:${reason}:${caseRow.updatedAt.getTime()}`)
  const urgent = caseRow.urgency === 'urgent'
  if (room) {
    if (room === ctx.msg.group?.roomId) return []
    return [{ conversationId: room, isRoom: true, text, mentionIds: person && staffOnly ? [person.id] : [], key, coalesce: 'notice', urgent }]
  }
  if (!person || person.id === ctx.msg.sender.id) return []
  return [{ conversationId: person.id, isRoom: false, text, key, coalesce: 'notice', urgent }]
}
