import type { Category } from '../lexicon.js'
import { featuresOf, withoutPlaces } from './features.js'
import { probabilitiesOf } from './linear.js'
import type { Model } from './model-file.js'
import { scaleOf } from './train-head.js'
import type { Tokenizer } from './tokenizer.js'

export type Urgency = 'urgent' | 'normal' | 'low'
export type Band = 'report' | 'suspected' | 'none'

/** What the model reads in one normalised text. */
export interface Reading {
  pRequest: number
  band: Band
  category: Category
  urgency: Urgency
  pUrgent: number
}

export interface Classifier {
  version: string
  read(text: string): Reading
  /** How alike two normalised texts are in what they say, places left out: TF-IDF cosine, 0–1. */
  similarity(a: string, b: string): number
  /** At or above this similarity two reports of one category and building are one fault. */
  duplicateThreshold: number
}

/** The feature ids of a text in the model's vocabulary (unknown features are dropped). */
export const featureIds = (text: string, tokenizer: Tokenizer, index: ReadonlyMap<string, number>): number[] =>
  featuresOf(text, tokenizer).flatMap((f) => {
    const id = index.get(f)
    return id === undefined ? [] : [id]
  })

export function createClassifier(model: Model, tokenizer: Tokenizer): Classifier {
  const index = new Map(model.features.map((f, i) => [f, i]))
  const { request, category, urgency } = model.heads
  const { thresholds, idf } = model
  const vectorOf = (text: string): Map<number, number> => new Map(featureIds(withoutPlaces(text), tokenizer, index).map((id) => [id, idf[id]!]))
  return {
    version: model.version,
    duplicateThreshold: thresholds.duplicate,
    similarity(a, b) {
      const va = vectorOf(a)
      const vb = vectorOf(b)
      let dot = 0, na = 0, nb = 0
      for (const [id, w] of va) {
        na += w * w
        const other = vb.get(id)
        if (other !== undefined) dot += w * other
      }
      for (const w of vb.values()) nb += w * w
      return na && nb ? dot / Math.sqrt(na * nb) : 0
    },
    read(text) {
      const ids = featureIds(text, tokenizer, index)
      const scale = scaleOf(ids)
      const pRequest = probabilitiesOf(request, ids, scale)[request.classes.indexOf('request')]!
      const pCategory = probabilitiesOf(category, ids, scale)
      const pUrgency = probabilitiesOf(urgency, ids, scale)
      const pUrgent = pUrgency[urgency.classes.indexOf('urgent')]!
      const normalOrLow = pUrgency[urgency.classes.indexOf('low')]! > pUrgency[urgency.classes.indexOf('normal')]! ? 'low' : 'normal'
      return {
        pRequest,
        band: pRequest >= thresholds.report ? 'report' : pRequest >= thresholds.suspect ? 'suspected' : 'none',
        category: category.classes[argmax(pCategory)] as Category,
        urgency: pUrgent >= thresholds.urgent ? 'urgent' : normalOrLow,
        pUrgent,
      }
    },
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i
  return best
}
