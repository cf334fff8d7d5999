import { createInterface } from 'node:readline'
import { buildingFromGroupName } from '../handlers/parse/location.js'
import { parseMessage } from '../handlers/parse/parse-message.js'

// JSON lines in ({"id","group","text"}), one JSON line out per input, same parser as the bot.
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
  const parsed = parseMessage(typeof input.text === 'string' ? input.text : '', buildingFromGroupName(group))
  const { isRequest, category, building, unit, room, urgency } = parsed
  process.stdout.write(`${JSON.stringify({ id: input.id, isRequest, category, building, unit, room, urgency })}\n`)
}
