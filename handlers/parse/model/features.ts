import { ruleSignals } from './signals.js'
import type { Tokenizer } from './tokenizer.js'

const SEPARATORS = /[\p{P}\p{S}\s]+/gu
const WORD = /[\p{L}\p{N}]/u

/**
 * The features of one normalised text: character 1–3-grams (digits folded to 0, so a room number
 * is "a number" rather than itself), the dictionary's words, the rules' signals and a length band.
 */
export function featuresOf(text: string, tokenizer: Tokenizer): string[] {
  const folded = text.toLowerCase().replace(/\d+/g, '0')
  const chars = [...`^${folded.replace(SEPARATORS, '|')}$`]
  const features = new Set<string>()
  for (let n = 1; n <= 3; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('')
      if (n === 1 && !WORD.test(gram)) continue
      if (gram.includes('||')) continue
      features.add(`c${gram}`)
    }
  }
  for (const word of tokenizer.cut(folded)) if (word.length > 1 && WORD.test(word)) features.add(`w${word}`)
  for (const signal of ruleSignals(text)) features.add(`r${signal}`)
  features.add(`n${Math.min(Math.floor([...text].length / 6), 10)}`)
  return [...features]
}
