import {
  ASK_TERMS, CATEGORY_TERMS, HYPOTHETICAL_CLAUSES, INSTRUCTION_TERMS, LOW_TERMS, NOT_LOW_TERMS, NOT_REQUEST_PATTERNS, PRIORITY,
  PROBLEM_TERMS, QUESTION_TERMS, URGENT_TERMS, type Category, type Term, type WeightedTerms,
} from './lexicon.js'
import { extractLocation } from './location.js'
import { normalizeText } from './normalize.js'

export const PARSER_VERSION = 'rules-1'

export type Urgency = 'urgent' | 'normal' | 'low'

export interface ParsedMessage {
  isRequest: boolean
  category: Category | null
  building: string | null
  unit: string | null
  room: string | null
  urgency: Urgency | null
  /** How sure the rules are, 0–1; later used to decide when a model may help. */
  confidence: number
  parserVersion: string
}

const hits = (text: string, term: Term): boolean => (typeof term === 'string' ? text.includes(term) : term.test(text))
const anyHit = (text: string, terms: Term[]): boolean => terms.some((t) => hits(text, t))
const score = (text: string, terms: WeightedTerms): number =>
  terms.reduce((sum, [term, weight]) => (hits(text, term) ? sum + weight : sum), 0)

function bestCategory(text: string): { category: Category | null; score: number } {
  let best: Category | null = null
  let bestScore = 0
  for (const category of PRIORITY) {
    const s = score(text, CATEGORY_TERMS[category])
    if (s > bestScore) {
      best = category
      bestScore = s
    }
  }
  return { category: best, score: bestScore }
}

/** The text without clauses that only imagine or ask about a danger ("万一着火怎么办", "今天停水吗"). */
const withoutHypotheticals = (text: string): string => HYPOTHETICAL_CLAUSES.reduce((t, clause) => t.replace(clause, ' '), text)

function urgencyOf(text: string, category: Category, problem: boolean): Urgency {
  const instructing = anyHit(text, INSTRUCTION_TERMS)
  if (anyHit(withoutHypotheticals(text), URGENT_TERMS)) return 'urgent'
  if (!instructing && /急[!！]|着急|紧急/.test(text) && category !== 'consult') return 'urgent'
  if (category === 'consult' || category === 'greenery') return 'low'
  if (anyHit(text, NOT_LOW_TERMS)) return 'normal'
  if (anyHit(text, LOW_TERMS)) return 'low'
  if (!problem && anyHit(text, QUESTION_TERMS)) return 'low'
  return 'normal'
}

const NOT_A_REQUEST: ParsedMessage = {
  isRequest: false, category: null, building: null, unit: null, room: null, urgency: null,
  confidence: 0.9, parserVersion: PARSER_VERSION,
}

/** Reads one resident message the way a secretary would: request or not, what, where, how urgent. */
export function parseMessage(raw: string, groupBuilding: string | null = null): ParsedMessage {
  const text = normalizeText(raw)
  if (text.length < 2) return NOT_A_REQUEST
  const { category, score: categoryScore } = bestCategory(text)
  const problem = anyHit(text, PROBLEM_TERMS)
  const ask = anyHit(text, ASK_TERMS)
  const strong = anyHit(withoutHypotheticals(text), URGENT_TERMS)
  const filtered = NOT_REQUEST_PATTERNS.some((p) => p.test(text))
  if (filtered && !(strong && !/^[【\[]|^转发/.test(text))) return { ...NOT_A_REQUEST, confidence: 0.95 }

  // Naming a thing the station looks after is not enough ("我去倒个垃圾"): something must be wrong, or someone must ask.
  const danger = strong && categoryScore >= 1
  const isRequest =
    danger ||
    (categoryScore >= 3 ? problem || ask : categoryScore >= 1 ? problem && (ask || categoryScore >= 2) : problem && ask)
  if (!isRequest) return { ...NOT_A_REQUEST, confidence: categoryScore > 0 || problem ? 0.5 : 0.85 }

  const chosen = category ?? 'other'
  return {
    isRequest: true,
    category: chosen,
    ...extractLocation(text, groupBuilding),
    urgency: urgencyOf(text, chosen, problem),
    confidence: categoryScore >= 3 ? 0.9 : categoryScore > 0 ? 0.55 : 0.5,
    parserVersion: PARSER_VERSION,
  }
}
