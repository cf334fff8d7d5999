import { loadClassifier } from './model/classifier.js'
import { parseMessage } from '../handlers/parse/parse-message.js'
import { normalizeText } from '../handlers/parse/normalize.js'
const c = loadClassifier('none')
const pairs = process.argv.slice(2)
for (let i = 0; i < pairs.length; i += 2) { const a = normalizeText(pairs[i]!), b = normalizeText(pairs[i+1]!); const p = parseMessage(a, null, c); console.log(a, '|', b, c.similarity(a, b).toFixed(3), p.confidence.toFixed(2), p.category) }
