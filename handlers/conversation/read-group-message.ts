import type { HandlerContext, Reply } from '../context.js'
import { isStaff, replyHere } from '../context.js'
import type { CaseRow } from '../cases/case-store.js'
import { looksLikeOwnPost } from '../cases/case-texts.js'
import { registerCase } from '../cases/register-case.js'
import { refineWithModel } from '../parse/refine-with-model.js'
import { asksAboutOthers, PRIVACY_REFUSAL } from '../privacy/privacy-commands.js'
import { applyFollowUp } from './apply-follow-up.js'
import { SAME } from './cues.js'
import { normalizeText } from '../parse/normalize.js'
import { loadConversation } from './conversation-state.js'
import { readInConversation, type ConversationReading, type ConversationState, type NewMessage } from './read-in-conversation.js'
import { readThreadWithModel } from './read-thread-with-model.js'

/**
 * A group message that is no command, read as the group's conversation: a new report becomes a
 * case, a follow-up goes to the case it is about, anything else is stored in silence. One message
 * of a group at a time, so each is read against everything said before it.
 */
export async function readGroupMessage(ctx: HandlerContext): Promise<Reply[]> {
  const { msg } = ctx
  const group = msg.group!
  // Never a reply loop with another bot (or a forward) repeating what this bot said.
  if (looksLikeOwnPost(msg.text)) return []
  const work = async () => {
    const { state, at } = await loadConversation(ctx, group.id, group.building)
    const message = { id: msg.messageId, senderId: msg.sender.id, senderName: msg.sender.name, at, text: msg.text, fromStaff: isStaff(msg.sender) }
    const reading = await withModel(ctx, state, message, readInConversation(state, message, ctx.classifier))
    let caseRow: CaseRow | null = null
    let replies: Reply[] = []
    if (asksAboutOthers(reading.text) && !reading.parsed.isRequest) {
      // The privacy refusal answers questions about another resident, never a complaint that mentions a neighbour;
      // one the model half believes is also kept for staff to look at, unanswered.
      const kept = reading.parsed.suspected ? await registerCase(ctx, { parsed: reading.parsed, text: reading.text, onCase: (c) => (caseRow = c) }) : []
      replies = [replyHere(msg, PRIVACY_REFUSAL), ...kept]
    } else if (reading.kind === 'followup') {
      caseRow = await ctx.ports.cases.byId(ctx.community.id, Number(reading.caseRef))
      // "我家也是" agrees; "电梯不动了，3栋2单元的" describes the fault again, and is answered as a merged report.
      const describes = reading.parsed.isRequest && !SAME.test(normalizeText(reading.text))
      if (caseRow) replies = await applyFollowUp(ctx, caseRow, reading.effect, reading.text, describes)
    } else if (reading.kind === 'report') {
      replies = await registerCase(ctx, { parsed: reading.parsed, text: reading.text, onCase: (c) => (caseRow = c) })
    }
    const opened = caseRow as CaseRow | null
    await ctx.ports.conversations.note(msg.messageId, opened?.id ?? null, reading.kind === 'followup' ? reading.effect : opened ? 'report' : 'nothing')
    return replies
  }
  return ctx.serialize ? ctx.serialize(`conversation:${group.id}`, work) : work()
}

/**
 * A configured language model: in a live thread it reads an unsure message with the conversation
 * (read-thread-with-model.ts); then, as before, it is asked about a message that would open a case
 * or be let go: it may confirm, doubt or raise, never lower urgency. Staff talk is the reader's alone.
 */
async function withModel(ctx: HandlerContext, state: ConversationState, message: NewMessage, local: ConversationReading): Promise<ConversationReading> {
  const { model, msg, clock } = ctx
  if (!model || isStaff(msg.sender)) return local
  // In a live thread, the model reads the message with the conversation when the reader is unsure.
  const reading = await readThreadWithModel(state, message, local, { ...model, residentId: msg.sender.id, now: clock.now() })
  if (reading.kind === 'followup') return reading
  // A remark in a live thread the reader chose to leave: not the model's to reopen.
  if (reading.kind === 'nothing' && (reading.parsed.isRequest || reading.parsed.suspected)) return reading
  const parsed = await refineWithModel(reading.text, msg.group?.building ?? null, reading.parsed, { ...model, residentId: msg.sender.id, now: clock.now() })
  if (parsed.isRequest || parsed.suspected) return { kind: 'report', parsed, text: reading.text }
  return { kind: 'nothing', parsed, text: reading.text }
}
