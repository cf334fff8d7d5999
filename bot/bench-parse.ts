import { readFileSync } from 'node:fs'
import path from 'node:path'
import { buildingFromGroupName } from '../handlers/parse/location.js'
import { parseMessage } from '../handlers/parse/parse-message.js'
import { loadClassifier } from './classifier.js'
import { loadEnv } from './env.js'
import { PROJECT_ROOT } from './project-root.js'

// Parser throughput on one core, as the bot runs it (compiled, the same model): the labelled messages, repeated.
const file = process.argv[2] ?? path.join(PROJECT_ROOT, 'handlers/parse/corpus/validation.jsonl')
const rounds = Number(process.argv[3] ?? 50)
const rssBefore = process.memoryUsage().rss
const loadStart = process.hrtime.bigint()
const classifier = loadClassifier(loadEnv().MODEL_DIR)
const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6
// What loading the model (weights, index, word list and jieba) added to the process, before any message is read.
const modelRssMb = Math.round((process.memoryUsage().rss - rssBefore) / 1048576)
const messages = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { group: string; text: string })
  .map((m) => ({ text: m.text, building: buildingFromGroupName(m.group) }))

for (const m of messages) parseMessage(m.text, m.building, classifier)
const start = process.hrtime.bigint()
let requests = 0
for (let r = 0; r < rounds; r++) for (const m of messages) if (parseMessage(m.text, m.building, classifier).isRequest) requests++
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const total = rounds * messages.length
const figures = {
  model: classifier.version,
  messages: total,
  seconds: Number(seconds.toFixed(3)),
  msgsPerSec: Math.round(total / seconds),
  loadMs: Math.round(loadMs),
  rssMb: Math.round(process.memoryUsage().rss / 1048576),
  modelRssMb,
  requests,
}
console.log(`parser: ${figures.msgsPerSec} messages/s on one core (${total} messages in ${figures.seconds} s), model ${figures.model} loaded in ${figures.loadMs} ms, RSS ${figures.rssMb} MB`)
console.log(JSON.stringify(figures))
