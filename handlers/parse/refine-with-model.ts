import { z } from 'zod'
import { redactPersonalNumbers } from '../mask.js'
import { INSTRUCTION_TERMS, CATEGORIES } from './lexicon.js'
import { extractLocation } from './location.js'
import { normalizeText } from './normalize.js'
import type { ParsedMessage } from './parse-message.js'
import type { ModelPrompts } from './prompt.js'
import type { PublicNumbers } from '../mask.js'

/** The shape a model's JSON answer must have, for providers that can be held to a schema. */
export interface AnswerFormat {
  name: string
  schema: z.ZodType
}

/** The model as handlers see it: a system prompt and a user text in, raw text out; throws on failure. */
export interface Llm {
  completeJson(system: string, user: string, format?: AnswerFormat): Promise<string>
}

/** Decides whether this resident (and the day) may still spend a model call. */
export interface LlmBudget {
  take(residentId: string, now: Date): boolean
}

/** The model, its budget and prompts, and what is being read: whose message, and when. */
export interface RefineDeps {
  llm: Llm
  budget: LlmBudget
  prompts: ModelPrompts
  /** Numbers left as written in what is sent to the model (the config's publicNumbers); every other number is replaced. */
  publicNumbers: PublicNumbers
  residentId: string
  now: Date
  onError?: (error: unknown) => void
}

const MAX_OUTPUT = 2000
/** Below this request probability the classifier is sure a message is chatter, and no model is asked. */
export const CHATTER_BELOW = 0.1

const place = z.union([z.string().max(8), z.number().int().nonnegative()]).nullable().optional()
const answerSchema = z.union([
  z.object({
    isRequest: z.literal(true),
    category: z.enum(CATEGORIES),
    building: place,
    unit: place,
    room: place,
    urgency: z.enum(['urgent', 'normal', 'low']),
  }),
  z.object({ isRequest: z.literal(false) }),
])

/** What providers with structured outputs are held to; answerSchema still checks every reply. */
const PARSE_FORMAT: AnswerFormat = {
  name: 'parsed_message',
  schema: z.object({
    isRequest: z.boolean(),
    category: z.enum(CATEGORIES).nullable(),
    building: z.string().nullable(),
    unit: z.string().nullable(),
    room: z.string().nullable(),
    urgency: z.enum(['urgent', 'normal', 'low']).nullable(),
  }),
}

/** A value the model claims is kept only if the message (or the group) really says it. */
function grounded(value: string | number | null | undefined, source: string, fallback: string | null): string | null {
  if (value === null || value === undefined || value === '') return null
  const v = String(value).toUpperCase()
  if (v === fallback) return v
  return source.toUpperCase().includes(v) ? v : null
}

/**
 * Lets an OpenAI-compatible model read every message the classifier does not call chatter with
 * confidence. Any failure — timeout, error status, blank, non-JSON, truncated, out-of-enum or
 * oversized output — leaves the classifier's result as it was. The model never lowers an urgent
 * case, cannot raise urgency for a message that tries to instruct the bot, and cannot silence a
 * report: one it doubts waits for staff to confirm it.
 */
export async function refineWithModel(
  raw: string,
  groupBuilding: string | null,
  rules: ParsedMessage,
  deps: RefineDeps,
): Promise<ParsedMessage> {
  if (rules.confidence < CHATTER_BELOW && !rules.suspected) return rules
  if (!deps.budget.take(deps.residentId, deps.now)) return rules
  let answer: z.infer<typeof answerSchema>
  try {
    const output = await deps.llm.completeJson(deps.prompts.parse.text, JSON.stringify({ text: redactPersonalNumbers(raw, deps.publicNumbers), groupBuilding }), PARSE_FORMAT)
    if (!output || output.length > MAX_OUTPUT) throw new Error('blank or oversized model output')
    answer = answerSchema.parse(JSON.parse(output))
  } catch (error) {
    deps.onError?.(error)
    return rules
  }
  const parserVersion = `${rules.parserVersion}+${deps.prompts.parse.id}@${deps.prompts.parse.version}`
  if (!answer.isRequest) {
    if (rules.urgency === 'urgent' || !(rules.isRequest || rules.suspected)) return rules
    return { ...rules, isRequest: false, suspected: true, parserVersion }
  }
  const source = normalizeText(raw)
  const instructing = INSTRUCTION_TERMS.some((t) => (typeof t === 'string' ? source.includes(t) : t.test(source)))
  // Where the rules would place it had they seen a request: what the text names, else the group's building.
  const where = rules.isRequest || rules.suspected ? rules : extractLocation(source, groupBuilding)
  let urgency = answer.urgency
  if (rules.urgency === 'urgent') urgency = 'urgent'
  else if (urgency === 'urgent' && instructing) urgency = rules.urgency ?? 'normal'
  return {
    isRequest: true,
    suspected: false,
    category: answer.category,
    building: grounded(answer.building, source, groupBuilding) ?? where.building,
    unit: grounded(answer.unit, source, null) ?? where.unit,
    room: grounded(answer.room, source, null) ?? where.room,
    urgency,
    confidence: rules.confidence,
    urgentProbability: rules.urgentProbability,
    parserVersion,
  }
}
