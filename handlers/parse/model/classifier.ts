import type { Category } from '../lexicon.js'
import { eachFeatureKey, keyOfName, withoutPlaces } from './features.js'
import { probabilitiesOf } from './linear.js'
import type { Model } from './model-file.js'
import { DANGER, ruleSignals } from './signals.js'
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
  /** The rules saw a danger named outright (gas smell, fire, smoke, someone trapped). */
  namesDanger: boolean
}

export interface Classifier {
  version: string
  read(text: string): Reading
  /**
   * How alike two normalised texts are in what they say, places left out: TF-IDF cosine, 0–1. `b`
   * may be several texts read as one (a case and its thread): each is read once and kept.
   */
  similarity(a: string, b: string | readonly string[]): number
  /** At or above this similarity two reports of one category and building are one fault. */
  duplicateThreshold: number
}

/** The feature ids of a text in the model's vocabulary (unknown features are dropped). */
export function featureIds(text: string, tokenizer: Tokenizer, index: FeatureIndex, signals = ruleSignals(text)): number[] {
  const ids: number[] = []
  const stamp = index.nextStamp()
  eachFeatureKey(text, tokenizer, (key) => {
    const id = index.get(key)
    if (id >= 0 && index.mark(id, stamp)) ids.push(id)
  }, signals)
  return ids
}

/**
 * Feature keys to their row in the model: an open-addressing table of 32-bit keys (a Map of
 * numbers this large would box every key), and a stamp per row to count each feature once.
 */
export class FeatureIndex {
  private readonly keys: Uint32Array
  private readonly rows: Int32Array
  private readonly mask: number
  private readonly seen: Uint32Array
  private stamp = 0

  constructor(features: readonly string[]) {
    let size = 1
    while (size < features.length * 2) size *= 2
    this.keys = new Uint32Array(size)
    this.rows = new Int32Array(size).fill(-1)
    this.mask = size - 1
    this.seen = new Uint32Array(features.length)
    features.forEach((f, row) => this.put(keyOfName(f), row))
  }

  private put(key: number, row: number): void {
    for (let slot = key & this.mask; ; slot = (slot + 1) & this.mask) {
      if (this.rows[slot] === -1) {
        this.keys[slot] = key
        this.rows[slot] = row
        return
      }
      if (this.keys[slot] === key) return
    }
  }

  /** The row of a key, or -1. */
  get(key: number): number {
    for (let slot = key & this.mask; ; slot = (slot + 1) & this.mask) {
      const row = this.rows[slot]!
      if (row === -1 || this.keys[slot] === key) return row
    }
  }

  nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0 || 1
    return this.stamp
  }

  /** True the first time a row is marked with this stamp. */
  mark(row: number, stamp: number): boolean {
    if (this.seen[row] === stamp) return false
    this.seen[row] = stamp
    return true
  }
}

export const indexOf = (features: readonly string[]): FeatureIndex => new FeatureIndex(features)

/**
 * Vectors kept per classifier. A vector is the sorted ids of a text's features (each weighs its
 * idf), a few hundred bytes: 5,000 of them held as maps took 20–30 MB in a bot serving 100 groups.
 */
const VECTORS_KEPT = 5_000

/** A text's features, ascending, and the square of the vector's length. */
interface Sparse {
  ids: Int32Array
  norm2: number
}

export function createClassifier(model: Model, tokenizer: Tokenizer): Classifier {
  const index = indexOf(model.features)
  const { request, category, urgency } = model.heads
  const { thresholds, idf } = model
  const requestClass = request.classes.indexOf('request')
  const [urgentClass, normalClass, lowClass] = ['urgent', 'normal', 'low'].map((c) => urgency.classes.indexOf(c)) as [number, number, number]
  // An open case is compared with every new report of its building and category for two days: its vector is kept.
  const vectors = new Map<string, Sparse>()
  const keep = (key: string, ids: Int32Array): Sparse => {
    let norm2 = 0
    for (const id of ids) norm2 += idf[id]! * idf[id]!
    const vector = { ids, norm2 }
    if (vectors.size >= VECTORS_KEPT) vectors.delete(vectors.keys().next().value!)
    vectors.set(key, vector)
    return vector
  }
  const vectorOf = (text: string): Sparse => vectors.get(text) ?? keep(text, Int32Array.from(featureIds(withoutPlaces(text), tokenizer, index)).sort())
  /** The vector of several texts read as one (each feature once), made of theirs and kept under them all. */
  const unionOf = (texts: readonly string[]): Sparse => {
    const key = texts.join('\u0001')
    const known = vectors.get(key)
    if (known) return known
    const all = new Set<number>()
    for (const text of texts) for (const id of vectorOf(text).ids) all.add(id)
    return keep(key, Int32Array.from(all).sort())
  }
  return {
    version: model.version,
    duplicateThreshold: thresholds.duplicate,
    similarity(a, b) {
      const va = vectorOf(a)
      const vb = typeof b === 'string' ? vectorOf(b) : b.length === 1 ? vectorOf(b[0]!) : unionOf(b)
      if (!va.norm2 || !vb.norm2) return 0
      // Both ascending: one walk finds the features they share.
      let dot = 0
      for (let i = 0, j = 0; i < va.ids.length && j < vb.ids.length; ) {
        const x = va.ids[i]!, y = vb.ids[j]!
        if (x === y) {
          dot += idf[x]! * idf[x]!
          i++
          j++
        } else if (x < y) i++
        else j++
      }
      return dot / Math.sqrt(va.norm2 * vb.norm2)
    },
    read(text) {
      const signals = ruleSignals(text)
      const ids = featureIds(text, tokenizer, index, signals)
      const scale = scaleOf(ids)
      const pRequest = probabilitiesOf(request, ids, scale)[requestClass]!
      // What and how urgent are worked out only when asked: most chatter never needs them.
      let details: { category: Category; urgency: Urgency; pUrgent: number } | undefined
      const detailsOf = () => {
        if (details) return details
        const pCategory = probabilitiesOf(category, ids, scale)
        const pUrgency = probabilitiesOf(urgency, ids, scale)
        const pUrgent = pUrgency[urgentClass]!
        const normalOrLow = pUrgency[lowClass]! > pUrgency[normalClass]! ? 'low' : 'normal'
        details = { category: category.classes[argmax(pCategory)] as Category, urgency: pUrgent >= thresholds.urgent ? 'urgent' : normalOrLow, pUrgent }
        return details
      }
      return {
        pRequest,
        band: pRequest >= thresholds.report ? 'report' : pRequest >= thresholds.suspect ? 'suspected' : 'none',
        namesDanger: signals.includes(DANGER),
        get category() {
          return detailsOf().category
        },
        get urgency() {
          return detailsOf().urgency
        },
        get pUrgent() {
          return detailsOf().pUrgent
        },
      }
    },
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i
  return best
}
