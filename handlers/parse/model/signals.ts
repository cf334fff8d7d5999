import {
  ASK_TERMS, CATEGORY_TERMS, HYPOTHETICAL_CLAUSES, LOW_TERMS, NOT_REQUEST_PATTERNS, PRIORITY, PROBLEM_TERMS, QUESTION_TERMS,
  URGENT_TERMS, type Category, type Term, type WeightedTerms,
} from '../lexicon.js'

export const hits = (text: string, term: Term): boolean => (typeof term === 'string' ? text.includes(term) : term.test(text))

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// Each list of terms as one regular expression, built once per list: one scan of the text instead of one per term.
const combined = new WeakMap<Term[], RegExp>()
function combinedOf(terms: Term[]): RegExp {
  let re = combined.get(terms)
  if (!re) {
    re = new RegExp(terms.map((t) => (typeof t === 'string' ? escaped(t) : `(?:${t.source})`)).join('|'), terms.some((t) => typeof t !== 'string' && t.unicode) ? 'u' : '')
    combined.set(terms, re)
  }
  return re
}
export const anyHit = (text: string, terms: Term[]): boolean => combinedOf(terms).test(text)
const score = (text: string, terms: WeightedTerms): number =>
  terms.reduce((sum, [term, weight]) => (hits(text, term) ? sum + weight : sum), 0)

/** The text without clauses that only imagine or ask about a danger ("万一着火怎么办", "今天停水吗"). */
export const withoutHypotheticals = (text: string): string =>
  HYPOTHETICAL_WORDS.test(text) ? HYPOTHETICAL_CLAUSES.reduce((t, clause) => t.replace(clause, ' '), text) : text

// Every hypothetical clause holds one of these: without them there is nothing to take out (and the clauses' scans are slow).
const HYPOTHETICAL_WORDS = /万一|如果|要是|一旦|假如|怎么办|停水|停电|停气|停暖/

const TERMS_OF = Object.fromEntries(PRIORITY.map((c) => [c, CATEGORY_TERMS[c].map(([term]) => term)])) as Record<Category, Term[]>

/** The lexicon's best category for a text, if it names anything the lexicon lists. */
export function lexiconCategory(text: string): Category | null {
  let best: Category | null = null
  let bestScore = 0
  for (const category of PRIORITY) {
    if (!anyHit(text, TERMS_OF[category])) continue
    const s = score(text, CATEGORY_TERMS[category])
    if (s > bestScore) {
      best = category
      bestScore = s
    }
  }
  return best
}

/** A danger named outright (gas smell, fire, smoke, someone trapped), outside any "what if" clause. */
export const namesDanger = (text: string): boolean => anyHit(withoutHypotheticals(text), URGENT_TERMS)

/** The signal of a danger named outright. */
export const DANGER = 'danger'

/** What the hand-written rules notice in a text, given to the model as features of their own. */
export function ruleSignals(text: string): string[] {
  const signals: string[] = []
  const plain = withoutHypotheticals(text)
  if (anyHit(plain, URGENT_TERMS)) signals.push(DANGER)
  if (plain !== text) signals.push('hypothetical')
  if (anyHit(text, PROBLEM_TERMS)) signals.push('problem')
  if (anyHit(text, ASK_TERMS)) signals.push('ask')
  if (anyHit(text, QUESTION_TERMS)) signals.push('question')
  if (anyHit(text, LOW_TERMS)) signals.push('low')
  if (NOT_REQUEST_PATTERNS.some((p) => p.test(text))) signals.push('chatter')
  const category = lexiconCategory(text)
  if (category) signals.push(`lexicon:${category}`)
  return signals
}
