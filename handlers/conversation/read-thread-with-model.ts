import { z } from 'zod'
import type { ModelAccess } from '../context.js'
import { redactPersonalNumbers } from '../mask.js'
import type { AnswerFormat } from '../parse/refine-with-model.js'
import { CHATTER_BELOW } from '../parse/refine-with-model.js'
import type { ConversationReading, ConversationState, NewMessage, OpenCase } from './read-in-conversation.js'
import { splitQuote, withoutMentions } from './wechat-forms.js'

/** How many of the group's last messages the model reads before the new one. */
export const CONTEXT_MESSAGES = 6
/** A case with a message this recent is a live thread the new message may belong to. */
const LIVE_MS = 3 * 3600_000
const MAX_OUTPUT = 500

const answerSchema = z.object({
  kind: z.enum(['report', 'followup', 'nothing']),
  case: z.number().int().positive().nullable().optional(),
  effect: z.enum(['same', 'urgent', 'fixed', 'info']).nullable().optional(),
})

const THREAD_FORMAT: AnswerFormat = {
  name: 'thread_reading',
  schema: z.object({ kind: z.enum(['report', 'followup', 'nothing']), case: z.number().int().nullable(), effect: z.enum(['same', 'urgent', 'fixed', 'info']).nullable() }),
}

/**
 * When the local reader is unsure about a message in a live thread, a configured model reads it
 * with the group's last few messages (senders as 居民A, 居民B, 工作人员; phone and ID numbers
 * replaced; names of the group's people replaced by their code) and the group's open cases, and
 * gives the same three-way reading. Every safeguard stays: an answer that fails validation or
 * names a case not offered leaves the local reading; the model never lowers urgency (a danger the
 * reader saw stays an urgent report or an urgent follow-up) and never silences a report (one it
 * doubts is kept for staff to confirm).
 */
export async function readThreadWithModel(state: ConversationState, message: NewMessage, local: ConversationReading, model: ModelAccess & { residentId: string; now: Date }): Promise<ConversationReading> {
  const live = state.openCases.filter((c) => message.at - lastActive(state, c.ref, c.openedAt) < LIVE_MS)
  if (live.length === 0 || !unsure(local, live)) return local
  if (!model.budget.take(model.residentId, model.now)) return local
  const codes = new Map<string, string>()
  const code = (senderId: string, staff: boolean) => {
    if (staff) return '工作人员'
    if (!codes.has(senderId)) codes.set(senderId, `居民${String.fromCharCode(65 + (codes.size % 26))}`)
    return codes.get(senderId)!
  }
  const recent = state.recent.slice(-CONTEXT_MESSAGES)
  const names = [...new Map([...recent, message].map((m) => [m.senderName, code(m.senderId, m.fromStaff)])).entries()].filter(([name]) => name.length >= 2)
  const masked = (text: string) => names.reduce((t, [name, c]) => t.split(name).join(c), redactPersonalNumbers(withoutMentions(splitQuote(text).reply), model.publicNumbers))
  const numberOf = new Map(live.map((c) => [c.ref, c.number]))
  const input = {
    recent: recent.map((m) => ({ who: code(m.senderId, m.fromStaff), minutesAgo: Math.round((message.at - m.at) / 60_000), text: masked(m.text), case: m.caseRef ? (numberOf.get(m.caseRef) ?? null) : null })),
    openCases: live.map((c) => ({ number: c.number, category: c.category, place: [c.building && `${c.building}栋`, c.unit && `${c.unit}单元`].filter(Boolean).join(''), text: masked(c.text).slice(0, 80) })),
    message: { who: code(message.senderId, message.fromStaff), text: masked(message.text) },
  }
  let answer: z.infer<typeof answerSchema>
  try {
    const output = await model.llm.completeJson(model.prompts.thread.text, JSON.stringify(input), THREAD_FORMAT)
    if (!output || output.length > MAX_OUTPUT) throw new Error('blank or oversized model output')
    answer = answerSchema.parse(JSON.parse(output))
  } catch (error) {
    model.onError?.(error)
    return local
  }
  const { parsed, text } = local
  // What the reader found urgent stays urgent: an urgent report, or a follow-up that makes its case urgent.
  const danger = (local.kind === 'report' && parsed.urgency === 'urgent') || (local.kind === 'followup' && local.effect === 'urgent')
  if (answer.kind === 'followup') {
    const target = live.find((c) => c.number === answer.case)
    if (!target || !answer.effect) return local
    return { kind: 'followup', caseRef: target.ref, effect: danger ? 'urgent' : answer.effect, parsed, text }
  }
  if (answer.kind === 'report') {
    // A new report needs the reader's own reading of what and where; without one the local reading stands.
    if (local.kind === 'report' || !parsed.category) return local
    return { kind: 'report', parsed: parsed.isRequest ? parsed : { ...parsed, suspected: true }, text }
  }
  // Nothing: a report it doubts waits for staff; an urgent follow-up stays one.
  if (local.kind === 'report') return danger ? local : { ...local, parsed: { ...parsed, isRequest: false, suspected: true } }
  if (danger) return local
  return { kind: 'nothing', parsed, text }
}

/**
 * What the local reader is sure of is left alone: an urgent or "works again" follow-up, a confident
 * report of a kind no live thread is about, plain chatter.
 */
function unsure(local: ConversationReading, live: readonly OpenCase[]): boolean {
  if (local.kind === 'followup') return local.effect === 'info' || local.effect === 'same'
  if (local.kind === 'report') return local.parsed.confidence < 0.97 || live.some((c) => c.category === local.parsed.category)
  return local.parsed.confidence >= CHATTER_BELOW
}

function lastActive(state: ConversationState, ref: string, openedAt: number): number {
  let last = openedAt
  for (const m of state.recent) if (m.caseRef === ref && m.at > last) last = m.at
  return last
}
