import { readFileSync } from 'node:fs'
import { parseMessage } from '../../handlers/parse/parse-message.js'
import { shippedClassifier } from './classifier.js'

/** Messages of the validation split that the shipped model doubts (not urgent): each becomes a suspected report. */
export function doubtedMessages(): string[] {
  return readFileSync(new URL('../../handlers/parse/corpus/validation.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text)
    .filter((text) => {
      const p = parseMessage(text, '3', shippedClassifier())
      return p.suspected && p.urgency !== 'urgent'
    })
}
