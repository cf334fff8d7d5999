import { createInterface } from 'node:readline'
import { ConversationMemory } from '../../handlers/conversation/conversation-memory.js'
import { looksLikeStaffName } from '../../handlers/conversation/staff-names.js'
import { readInConversation } from '../../handlers/conversation/read-in-conversation.js'
import { DailyLlmBudget } from '../../handlers/parse/llm-budget.js'
import { buildingFromGroupName } from '../../handlers/parse/location.js'
import { understand } from '../../handlers/parse/understand.js'
import { loadClassifier } from '../model/classifier.js'
import { loadEnv } from '../config/env.js'
import { createLlm } from '../model/llm.js'
import { loadPrompts } from '../model/prompts.js'

// JSON lines in ({"id","group","text"}), one JSON line out per input, same parser as the bot
// (the trained classifier — the station's retrained one when present — refined by the LLM when
// OPENAI_API_KEY is set). A suspected report (stored for staff, no reply) is isRequest false, suspected true.
// With --stream the lines ({"id","group","sender","time","text"}, in time order) are read as group
// conversations by the bot's own reader: followUpOf is the id of the message whose case a line joined.
const stream = process.argv.includes('--stream')
const env = loadEnv()
const classifier = loadClassifier(env.MODEL_DIR)
const llm = await createLlm(env)
const model = llm ? { llm, budget: new DailyLlmBudget(Infinity, Infinity), prompts: loadPrompts(), publicNumbers: [], onError: (e: unknown) => process.stderr.write(`model call failed: ${String(e).slice(0, 120)}\n`) } : undefined
const memory = new ConversationMemory()
// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1))
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (!line.trim()) continue
  let input: { id?: unknown; group?: unknown; sender?: unknown; time?: unknown; text?: unknown }
  try {
    input = JSON.parse(line)
  } catch {
    process.stderr.write(`skipped a line that is not JSON: ${line.slice(0, 60)}\n`)
    continue
  }
  const group = typeof input.group === 'string' ? input.group : ''
  const text = typeof input.text === 'string' ? input.text : ''
  if (stream) {
    const sender = typeof input.sender === 'string' ? input.sender : ''
    const at = typeof input.time === 'string' ? Date.parse(input.time) : Date.now()
    const message = { id: String(input.id), senderId: sender, senderName: sender, at, text, fromStaff: looksLikeStaffName(sender) }
    const reading = readInConversation(memory.stateOf(group, buildingFromGroupName(group), at), message, classifier)
    const caseRef = memory.record(group, message, reading)
    const { isRequest, suspected, category, building, unit, room, urgency } = reading.parsed
    const opened = reading.kind === 'report'
    process.stdout.write(`${JSON.stringify({
      id: input.id, isRequest: opened && isRequest, suspected: opened && suspected, category, building, unit, room, urgency,
      followUpOf: reading.kind === 'followup' ? caseRef : null, effect: reading.kind === 'followup' ? reading.effect : null,
    })}\n`)
    continue
  }
  const parsed = await understand(text, buildingFromGroupName(group), { residentId: String(input.id), now: new Date(), classifier, model })
  const { isRequest, suspected, category, building, unit, room, urgency } = parsed
  process.stdout.write(`${JSON.stringify({ id: input.id, isRequest, suspected, category, building, unit, room, urgency })}\n`)
}
