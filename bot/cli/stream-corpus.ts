import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseStreamCorpus } from '../../handlers/conversation/stream-corpus.js'
import { PROJECT_ROOT } from '../config/project-root.js'

// Turns the hand-written conversation corpus (streams/*.txt) into the JSON lines score-stream.mjs reads.
const dir = join(PROJECT_ROOT, 'handlers/parse/corpus/streams')
for (const [name, prefix] of [['test', 'st'], ['dev', 'sd'], ['holdout', 'sh']] as const) {
  let source: string
  try {
    source = readFileSync(join(dir, `${name}.txt`), 'utf8')
  } catch {
    continue
  }
  const lines = parseStreamCorpus(source, prefix)
  writeFileSync(join(dir, `${name}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
  const days = new Set(lines.map((l) => `${l.time.slice(0, 10)} ${l.group}`)).size
  console.log(`${name}: ${lines.length} messages in ${days} group-days`)
}
