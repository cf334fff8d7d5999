import { createInterface } from 'node:readline'
import { DailyLlmBudget } from '../handlers/parse/llm-budget.js'
import { buildingFromGroupName } from '../handlers/parse/location.js'
import { understand } from '../handlers/parse/understand.js'
import { loadEnv } from './env.js'
import { createLlm } from './llm.js'

// JSON lines in ({"id","group","text"}), one JSON line out per input, same parser as the bot
// (rules, refined by the model when OPENAI_API_KEY is set).
const env = loadEnv()
const llm = await createLlm(env)
const model = llm ? { llm, budget: new DailyLlmBudget(Infinity, Infinity), onError: (e: unknown) => process.stderr.write(`model call failed: ${String(e).slice(0, 120)}\n`) } : undefined
// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1))
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (!line.trim()) continue
  let input: { id?: unknown; group?: unknown; text?: unknown }
  try {
    input = JSON.parse(line)
  } catch {
    process.stderr.write(`skipped a line that is not JSON: ${line.slice(0, 60)}\n`)
    continue
  }
  const group = typeof input.group === 'string' ? input.group : ''
  const text = typeof input.text === 'string' ? input.text : ''
  const parsed = await understand(text, buildingFromGroupName(group), { residentId: String(input.id), now: new Date(), model })
  const { isRequest, category, building, unit, room, urgency } = parsed
  process.stdout.write(`${JSON.stringify({ id: input.id, isRequest, category, building, unit, room, urgency })}\n`)
}
