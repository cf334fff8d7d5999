import { INSTRUCTION_TERMS, type Category } from './lexicon.js'
import { extractLocation } from './location.js'
import type { Classifier, Urgency } from './model/classifier.js'
import { anyHit } from './model/signals.js'
import { normalizeText } from './normalize.js'

export type { Urgency } from './model/classifier.js'

export interface ParsedMessage {
  /** A report to register and acknowledge. */
  isRequest: boolean
  /** Perhaps a report: stored for staff to confirm (疑似反映), nothing said in the group. */
  suspected: boolean
  category: Category | null
  building: string | null
  unit: string | null
  room: string | null
  urgency: Urgency | null
  /** The model's probability that this is a request. */
  confidence: number
  /** The model's probability that a request is urgent. */
  urgentProbability: number
  parserVersion: string
}

const silence = (confidence: number, parserVersion: string): ParsedMessage => ({
  isRequest: false, suspected: false, category: null, building: null, unit: null, room: null, urgency: null,
  confidence, urgentProbability: 0, parserVersion,
})

const LIFTED = { none: 'suspected', suspected: 'report', report: 'report' } as const

// Words of someone telling the bot how to rate a message: they are not evidence of urgency.
const URGENCY_WORDS = /紧急|加急|十万火急|急/g

const CLAUSE_END = /[,，.。:：;；!！?？\s]+/

/** A text that tries to instruct the bot, read without the instructing clauses or words of urgency: only the report is evidence. */
function withoutInstructions(text: string): string {
  const report = text
    .split(CLAUSE_END)
    .filter((clause) => !anyHit(clause, INSTRUCTION_TERMS))
    .join(',')
    .replace(URGENCY_WORDS, '')
  return report.length >= 2 ? report : text.replace(URGENCY_WORDS, '')
}

/**
 * Reads one resident message the way a secretary would: request or not, what, where, how urgent.
 * The trained model decides; the rules find the place, and raise urgency (never lower it) for a named danger.
 */
export function parseMessage(raw: string, groupBuilding: string | null, classifier: Classifier): ParsedMessage {
  const text = normalizeText(raw)
  if ([...text].length < 2) return silence(0, classifier.version)
  const instructing = anyHit(text, INSTRUCTION_TERMS)
  const reading = classifier.read(instructing ? withoutInstructions(text) : text)
  const danger = !instructing && reading.namesDanger
  // A named danger lifts a message one band: never left in silence, and acknowledged when the model half believes it.
  const band = danger ? LIFTED[reading.band] : reading.band
  if (band === 'none') return silence(reading.pRequest, classifier.version)
  return {
    isRequest: band === 'report',
    suspected: band === 'suspected',
    category: reading.category,
    ...extractLocation(text, groupBuilding),
    urgency: danger ? 'urgent' : reading.urgency,
    confidence: reading.pRequest,
    urgentProbability: reading.pUrgent,
    parserVersion: classifier.version,
  }
}
