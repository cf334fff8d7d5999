import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildModel, type LabelledText } from '../../handlers/parse/model/build-model.js'
import { createTokenizer } from '../../handlers/parse/model/tokenizer.js'
import { normalizeText } from '../../handlers/parse/normalize.js'
import { SHIPPED_MODEL_DIR } from '../model/classifier.js'
import { openDatabase } from '../db/client.js'
import { loadEnv } from '../config/env.js'
import { PROJECT_ROOT } from '../config/project-root.js'

// npm run train: rebuilds the shipped model from the corpus, deterministically (seeded).
// npm run train -- --with-station-data: the corpus plus what the station's staff confirmed, dismissed
// and corrected (from DATABASE_URL), into MODEL_DIR (data/model), which the bot then loads.
// --out DIR writes elsewhere. The test split is never read here.
const { values } = parseArgs({ options: { out: { type: 'string' }, 'with-station-data': { type: 'boolean', default: false } } })
const env = loadEnv()
const corpus = join(PROJECT_ROOT, 'handlers/parse/corpus')
const withStation = values['with-station-data']
const out = values.out ?? (withStation ? env.MODEL_DIR : SHIPPED_MODEL_DIR)

const readLabelled = (file: string): LabelledText[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: LabelledText['label'] })
    .map((m) => ({ text: normalizeText(m.text), label: m.label }))

const started = Date.now()
const station = withStation ? await stationExamples(env.databaseUrl) : []
const train = [...readLabelled(join(corpus, 'train.jsonl')), ...station]
const validation = readLabelled(join(corpus, 'validation.jsonl'))

// The word list the bot cuts with: the words of jieba's dictionary that the training texts use twice or more.
const require = createRequire(import.meta.url)
const fullDictionary = readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8')
const frequency = new Map(fullDictionary.split('\n').map((line) => line.split(' ')).map(([w, f]) => [w!, f ?? '1']))
const fullCutter = createTokenizer(Buffer.from(fullDictionary))
const used = new Map<string, number>()
for (const t of train) for (const w of fullCutter.cut(t.text)) if ([...w].length > 1 && frequency.has(w)) used.set(w, (used.get(w) ?? 0) + 1)
const words = [...used].filter(([, n]) => n >= 2).map(([w]) => w).sort()
const dictionary = `${words.map((w) => `${w} ${frequency.get(w)}`).join('\n')}\n`

const pairs = readFileSync(join(corpus, 'duplicates.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { a: string; b: string; same: boolean })
  .map((p) => ({ a: normalizeText(p.a), b: normalizeText(p.b), same: p.same }))
const { file, report } = buildModel(train, validation, pairs, createTokenizer(Buffer.from(dictionary)))
mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'words.txt'), dictionary)
writeFileSync(join(out, 'model.json'), `${JSON.stringify({ ...file, notes: { ...file.notes, words: words.length } })}\n`)
console.log(JSON.stringify({ ...report, stationExamples: station.length, words: words.length, out, seconds: Number(((Date.now() - started) / 1000).toFixed(1)) }, null, 1))

/** The station's labelled examples, the latest word on each case. */
async function stationExamples(url: string): Promise<LabelledText[]> {
  const db = (await openDatabase(url)).prisma
  try {
    const rows = await db.trainingExample.findMany({ orderBy: { id: 'asc' } })
    const latest = new Map(rows.map((r) => [r.caseId, r]))
    return [...latest.values()].map((r) => ({ text: normalizeText(r.text), label: JSON.parse(r.label) as LabelledText['label'] }))
  } finally {
    await db.$disconnect()
  }
}
