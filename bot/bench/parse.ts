import { readFileSync } from 'node:fs'
import path from 'node:path'
import { buildingFromGroupName } from '../../handlers/parse/location.js'
import { parseMessage } from '../../handlers/parse/parse-message.js'
import { ConversationMemory } from '../../handlers/conversation/conversation-memory.js'
import { readInConversation } from '../../handlers/conversation/read-in-conversation.js'
import { looksLikeStaffName } from '../../handlers/conversation/staff-names.js'
import { loadClassifier } from '../model/classifier.js'
import { loadEnv } from '../config/env.js'
import { PROJECT_ROOT } from '../config/project-root.js'

// Parser throughput on one core, as the bot runs it (compiled, the same model): the labelled messages, repeated.
// With --stream, group-chat streams read as conversations (each round from an empty memory), as `parse --stream` reads them.
const stream = process.argv.includes('--stream')
const args = process.argv.slice(2).filter((a) => a !== '--stream')
const file = args[0] ?? path.join(PROJECT_ROOT, stream ? 'handlers/parse/corpus/streams/dev.jsonl' : 'handlers/parse/corpus/validation.jsonl')
const rounds = Number(args[1] ?? 20)
const rssBefore = process.memoryUsage().rss
const loadStart = process.hrtime.bigint()
const classifier = loadClassifier(loadEnv().MODEL_DIR)
const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6
// What loading the model (weights, index, word list and jieba) added to the process, before any message is read.
const modelRssMb = Math.round((process.memoryUsage().rss - rssBefore) / 1048576)
const messages = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; group: string; sender?: string; time?: string; text: string })
  .map((m) => ({ id: m.id, group: m.group, sender: m.sender ?? '', at: Date.parse(m.time ?? '2026-12-01T00:00:00Z'), text: m.text, building: buildingFromGroupName(m.group) }))

/** One pass over the messages: true for each that opens a case. */
function readAll(): number {
  let opened = 0
  if (!stream) {
    for (const m of messages) if (parseMessage(m.text, m.building, classifier).isRequest) opened++
    return opened
  }
  const memory = new ConversationMemory()
  for (const m of messages) {
    const message = { id: m.id, senderId: m.sender, senderName: m.sender, at: m.at, text: m.text, fromStaff: looksLikeStaffName(m.sender) }
    const reading = readInConversation(memory.stateOf(m.group, m.building, m.at), message, classifier)
    memory.record(m.group, message, reading)
    if (reading.kind === 'report' && reading.parsed.isRequest) opened++
  }
  return opened
}

readAll()
// The machine's speed drifts from one second to the next: several trials, and the median is the figure.
const trials = Number(process.argv[4] ?? 7)
const rates: number[] = []
let requests = 0
let seconds = 0
for (let t = 0; t < trials; t++) {
  const start = process.hrtime.bigint()
  for (let r = 0; r < rounds; r++) requests += readAll()
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  seconds += elapsed
  rates.push((rounds * messages.length) / elapsed)
}
rates.sort((x, y) => x - y)
const total = trials * rounds * messages.length
const figures = {
  model: classifier.version,
  messages: total,
  seconds: Number(seconds.toFixed(3)),
  msgsPerSec: Math.round(rates[Math.floor(trials / 2)]!),
  slowestTrial: Math.round(rates[0]!),
  fastestTrial: Math.round(rates[trials - 1]!),
  loadMs: Math.round(loadMs),
  rssMb: Math.round(process.memoryUsage().rss / 1048576),
  modelRssMb,
  requests: requests / trials,
}
console.log(`${stream ? 'conversation reader' : 'parser'}: ${figures.msgsPerSec} messages/s on one core (median of ${trials} trials, ${figures.slowestTrial}–${figures.fastestTrial}; ${total} messages in ${figures.seconds} s), model ${figures.model} loaded in ${figures.loadMs} ms, RSS ${figures.rssMb} MB`)
console.log(JSON.stringify(figures))
