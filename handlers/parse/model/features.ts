import { ruleSignals } from './signals.js'
import type { Tokenizer } from './tokenizer.js'

const SEPARATORS = /[\p{P}\p{S}\s]+/gu
// Places (3栋, 2单元, 501室, 3-2-501, B座, 18楼): two reports of one fault may name them differently.
const PLACES = /\d{1,3}-\d{1,2}-\d{3,4}|\d{1,3}-\d{3,4}|(?:\d{1,4}|[A-Za-z])\s*(?:号楼|#楼|栋|幢|座|单元|室|号|楼|层)|\d{3,4}/g

/** The text without the places it names, for comparing what two reports are about. */
export const withoutPlaces = (text: string): string => text.replace(PLACES, ' ')
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
