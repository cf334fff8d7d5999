import { readFileSync } from 'node:fs'
import { buildingFromGroupName } from '../handlers/parse/location.js'
import { parseMessage } from '../handlers/parse/parse-message.js'

// Rule-parser throughput on one core: the labelled fixture messages, repeated.
const file = process.argv[2] ?? new URL('../test/fixtures/messages.jsonl', import.meta.url).pathname
const rounds = Number(process.argv[3] ?? 2000)
const messages = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { group: string; text: string })
  .map((m) => ({ text: m.text, building: buildingFromGroupName(m.group) }))

for (const m of messages) parseMessage(m.text, m.building)
const start = process.hrtime.bigint()
let requests = 0
for (let r = 0; r < rounds; r++) for (const m of messages) if (parseMessage(m.text, m.building).isRequest) requests++
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const total = rounds * messages.length
const figures = {
  messages: total,
  seconds: Number(seconds.toFixed(3)),
  msgsPerSec: Math.round(total / seconds),
  rssMb: Math.round(process.memoryUsage().rss / 1048576),
  requests,
}
console.log(`rule parser: ${figures.msgsPerSec} messages/s on one core (${total} messages in ${figures.seconds} s), RSS ${figures.rssMb} MB`)
console.log(JSON.stringify(figures))
