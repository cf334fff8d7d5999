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
  const features = new Set<string>()
  eachFeature(text, tokenizer, (f) => features.add(f))
  return [...features]
}

/** Calls `visit` with each feature of the text, a feature possibly more than once. */
export function eachFeature(text: string, tokenizer: Tokenizer, visit: (feature: string) => void): void {
  const chars = Array.from(gramText(text))
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i]!
    if (a !== '|' && a !== '^' && a !== '$') visit(`c${a}`)
    const b = chars[i + 1]
    if (b === undefined || (a === '|' && b === '|')) continue
    visit(`c${a}${b}`)
    const c = chars[i + 2]
    if (c === undefined || (b === '|' && c === '|')) continue
    visit(`c${a}${b}${c}`)
  }
  for (const word of wordsOf(text, tokenizer)) visit(`w${word}`)
  for (const signal of ruleSignals(text)) visit(`r${signal}`)
  visit(lengthFeature(text))
}

const folded = (text: string): string => text.toLowerCase().replace(/\d+/g, '0')
const gramText = (text: string): string => `^${folded(text).replace(SEPARATORS, '|')}$`
const wordsOf = (text: string, tokenizer: Tokenizer): string[] => tokenizer.cut(folded(text)).filter((w) => w.length > 1 && WORD.test(w))
const lengthFeature = (text: string): string => `n${Math.min(Math.floor([...text].length / 6), 10)}`

// Features are looked up by a 32-bit hash of their kind and characters, so the bot reads a message
// without building a string per character gram. A feature's name hashes to the same key.
const BAR = 124
const CARET = 94
const DOLLAR = 36
const KIND: Record<string, number> = { w: 10, r: 11, n: 12 }

// FNV-1a over the code points, then the kind mixed in: a 2-gram's hash runs on from its 1-gram's.
const FNV_BASIS = 0x811c9dc5
const step = (h: number, code: number): number => Math.imul(h ^ code, 0x01000193)
const keyFrom = (h: number, kind: number): number => Math.imul(h ^ Math.imul(kind, 0x9e3779b1), 0x01000193) >>> 0

function hashOf(kind: number, codes: ArrayLike<number>): number {
  let h = FNV_BASIS
  for (let i = 0; i < codes.length; i++) h = step(h, codes[i]!)
  return keyFrom(h, kind)
}

function codePoints(s: string): number[] {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!
    out.push(c)
    if (c > 0xffff) i++
  }
  return out
}

/** The key of a feature named as featuresOf names it (c雨水, w漏水, rdanger, n3). */
export function keyOfName(name: string): number {
  const rest = codePoints(name.slice(1))
  const kind = name[0] === 'c' ? rest.length : KIND[name[0]!]!
  return hashOf(kind, rest)
}

/** Calls `visit` with the key of each feature of the text (the same features as featuresOf, by key). */
export function eachFeatureKey(text: string, tokenizer: Tokenizer, visit: (key: number) => void, signals = ruleSignals(text)): void {
  const plain = folded(text)
  const codes = codePoints(`^${plain.replace(SEPARATORS, '|')}$`)
  for (let i = 0; i < codes.length; i++) {
    const a = codes[i]!
    const h1 = step(FNV_BASIS, a)
    if (a !== BAR && a !== CARET && a !== DOLLAR) visit(keyFrom(h1, 1))
    if (i + 1 >= codes.length || (a === BAR && codes[i + 1] === BAR)) continue
    const h2 = step(h1, codes[i + 1]!)
    visit(keyFrom(h2, 2))
    if (i + 2 >= codes.length || (codes[i + 1] === BAR && codes[i + 2] === BAR)) continue
    visit(keyFrom(step(h2, codes[i + 2]!), 3))
  }
  for (const word of tokenizer.cut(plain)) if (word.length > 1 && WORD.test(word)) visit(keyOfName(`w${word}`))
  for (const signal of signals) visit(keyOfName(`r${signal}`))
  visit(keyOfName(lengthFeature(text)))
}
