import { loadClassifier } from './model/classifier.js'
import { ConversationMemory } from '../handlers/conversation/conversation-memory.js'
import { readInConversation } from '../handlers/conversation/read-in-conversation.js'
const c = loadClassifier('none')
const mem = new ConversationMemory()
let t = Date.parse('2026-11-20T10:00:00+08:00')
const lines: Array<[string, string]> = JSON.parse(process.argv[2]!)
for (const [who, text] of lines) {
  t += 60_000
  const m = { id: String(t), senderId: who, senderName: who, at: t, text, fromStaff: who.includes('物业') }
  const r = readInConversation(mem.stateOf('3栋业主群', '3', t), m, c)
  mem.record('3栋业主群', m, r)
  console.log(who, text, '=>', r.kind, r.kind === 'followup' ? r.effect + ' ' + r.caseRef : '', r.parsed.isRequest, r.parsed.category, r.parsed.confidence.toFixed(2))
}
