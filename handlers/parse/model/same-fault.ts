import { CATEGORY_TERMS, type Category } from '../lexicon.js'
import type { Classifier } from './classifier.js'
import { hits } from './signals.js'

/** The specific things a text names for its category (电梯, 楼道灯, 垃圾…): the lexicon's terms of weight 3 or more. */
function namedThings(text: string, category: string): Set<string> {
  const terms = CATEGORY_TERMS[category as Category] ?? []
  return new Set(terms.filter(([term, weight]) => weight >= 3 && hits(text, term)).map(([term]) => String(term)))
}

/** What a duplicate check knows of a report: its reading and its words (normalised). */
export interface FaultReport {
  category: string
  unit: string | null
  room: string | null
  text: string
}

/**
 * Whether two reports of one building describe the same fault: the same category, no
 * conflicting unit or room, and either the same thing named (电梯, 楼道灯) or texts alike in what
 * they say (the model's TF-IDF similarity, places left out) at or above the threshold chosen on
 * the labelled duplicate pairs.
 */
export function isSameFault(a: FaultReport, b: FaultReport, classifier: Classifier, threshold = classifier.duplicateThreshold): boolean {
  if (a.category !== b.category) return false
  if (a.unit && b.unit && a.unit !== b.unit) return false
  if (a.room && b.room && a.room !== b.room) return false
  const things = namedThings(a.text, a.category)
  if ([...namedThings(b.text, b.category)].some((t) => things.has(t))) return true
  return classifier.similarity(a.text, b.text) >= threshold
}
