import type { Classifier } from './classifier.js'

/** What a duplicate check knows of a report: its reading and its words (normalised). */
export interface FaultReport {
  category: string
  unit: string | null
  room: string | null
  text: string
}

/**
 * Whether two reports of one building describe the same fault: the same category, no
 * conflicting unit or room, and texts alike in what they say (the model's TF-IDF similarity,
 * places left out) at or above the threshold chosen on the labelled duplicate pairs.
 */
export function isSameFault(a: FaultReport, b: FaultReport, classifier: Classifier, threshold = classifier.duplicateThreshold): boolean {
  if (a.category !== b.category) return false
  if (a.unit && b.unit && a.unit !== b.unit) return false
  if (a.room && b.room && a.room !== b.room) return false
  return classifier.similarity(a.text, b.text) >= threshold
}
