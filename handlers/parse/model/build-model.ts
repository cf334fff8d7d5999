import { createHash } from 'node:crypto'
import { CATEGORIES } from '../lexicon.js'
import { argmax, createClassifier, featureIds, indexOf, type Classifier } from './classifier.js'
import { probabilitiesOf, type LinearHead } from './linear.js'
import { encodeModel, type HeadName, type Model, type ModelFile, type Thresholds } from './model-file.js'
import { namesDanger } from './signals.js'
import { fitTemperature, scaleOf, trainHead, type Example, type TrainOptions } from './train-head.js'
import { featuresOf } from './features.js'
import { extractLocation } from '../location.js'
import { isSameFault } from './same-fault.js'
import type { Tokenizer } from './tokenizer.js'

export interface LabelledText {
  /** Normalised text. */
  text: string
  label: { isRequest: boolean; category?: string; urgency?: string }
}

const CLASSES: Record<HeadName, string[]> = {
  request: ['none', 'request'],
  category: [...CATEGORIES],
  urgency: ['urgent', 'normal', 'low'],
}

const labelOf = (head: HeadName, t: LabelledText): number =>
  head === 'request' ? (t.label.isRequest ? 1 : 0) : CLASSES[head].indexOf((head === 'category' ? t.label.category : t.label.urgency) ?? '')

export const TRAIN_OPTIONS: Record<TrainOptions['loss'], Omit<TrainOptions, 'seed'>> = {
  logistic: { loss: 'logistic', epochs: 50, learningRate: 0.4, l2: 1e-5 },
  hinge: { loss: 'hinge', epochs: 50, learningRate: 0.2, l2: 1e-5 },
}

interface Encoded extends LabelledText {
  ids: number[]
  danger: boolean
}

/** Features seen in at least `minCount` training texts, in first-seen order, with their inverse document frequency. */
function vocabularyOf(texts: readonly LabelledText[], tokenizer: Tokenizer, minCount: number): { features: string[]; idf: Float32Array } {
  const counts = new Map<string, number>()
  for (const t of texts) for (const f of featuresOf(t.text, tokenizer)) counts.set(f, (counts.get(f) ?? 0) + 1)
  const kept = [...counts].filter(([, n]) => n >= minCount)
  return { features: kept.map(([f]) => f), idf: Float32Array.from(kept, ([, n]) => Math.log((texts.length + 1) / (n + 1)) + 1) }
}

/** Two reports of one category in one building, labelled the same fault or not. */
export interface DuplicatePair {
  a: string
  b: string
  same: boolean
}

/**
 * The similarity threshold for merging, chosen on every other pair for the best F0.5 (a wrong
 * merge hides a resident's own fault, a missed one only leaves two cases); precision and recall
 * are reported on the pairs it was chosen on and on the others, which it never saw. Each pair
 * is judged as the bot would: categories read by the model, places by the rules.
 */
export function duplicateThresholdOf(classifier: Classifier, pairs: readonly DuplicatePair[]): { threshold: number; figures: Record<string, number> } {
  const reportOf = (text: string) => ({ category: classifier.read(text).category, ...extractLocation(text, null), text })
  const scored = pairs.map((p) => ({ same: p.same, a: reportOf(p.a), b: reportOf(p.b) }))
  const choose = scored.filter((_, i) => i % 2 === 0)
  const heldOut = scored.filter((_, i) => i % 2 === 1)
  const at = (set: typeof scored, t: number) => {
    const merged = set.map((p) => ({ same: p.same, merged: isSameFault(p.a, p.b, classifier, t) }))
    const tp = merged.filter((p) => p.same && p.merged).length
    const fp = merged.filter((p) => !p.same && p.merged).length
    const fn = merged.filter((p) => p.same && !p.merged).length
    const precision = tp / Math.max(1, tp + fp)
    const recall = tp / Math.max(1, tp + fn)
    return { precision, recall, f05: precision + recall ? (1.25 * precision * recall) / (0.25 * precision + recall) : 0 }
  }
  const grid = Array.from({ length: 60 }, (_, i) => Number((0.02 + i * 0.01).toFixed(2)))
  const threshold = grid.reduce((best, t) => (at(choose, t).f05 > at(choose, best).f05 ? t : best), 0.3)
  const round = (x: number): number => Number(x.toFixed(4))
  const chosen = at(choose, threshold)
  const held = at(heldOut, threshold)
  return {
    threshold,
    figures: { pairs: pairs.length, chosenOnPrecision: round(chosen.precision), chosenOnRecall: round(chosen.recall), heldOutPrecision: round(held.precision), heldOutRecall: round(held.recall) },
  }
}

function trainHeads(train: readonly Encoded[], featureCount: number, loss: TrainOptions['loss'], seed: number): Record<HeadName, LinearHead> {
  const heads = {} as Record<HeadName, LinearHead>
  for (const head of ['request', 'category', 'urgency'] as HeadName[]) {
    const examples: Example[] = train.filter((t) => head === 'request' || t.label.isRequest).map((t) => ({ ids: t.ids, label: labelOf(head, t) }))
    heads[head] = trainHead(examples, featureCount, CLASSES[head], { ...TRAIN_OPTIONS[loss], seed })
  }
  return heads
}

const predicted = (head: LinearHead, t: Encoded): Float64Array => probabilitiesOf(head, t.ids, scaleOf(t.ids))

/** Request F1 at 0.5, category and urgency accuracy on the labelled requests. */
function figuresOf(heads: Record<HeadName, LinearHead>, set: readonly Encoded[]): Record<string, number> {
  let tp = 0, fp = 0, fn = 0, cat = 0, urg = 0, requests = 0
  for (const t of set) {
    const isRequest = predicted(heads.request, t)[1]! >= 0.5
    if (isRequest && t.label.isRequest) tp++
    else if (isRequest) fp++
    else if (t.label.isRequest) fn++
    if (!t.label.isRequest) continue
    requests++
    if (argmax(predicted(heads.category, t)) === labelOf('category', t)) cat++
    if (argmax(predicted(heads.urgency, t)) === labelOf('urgency', t)) urg++
  }
  const round = (x: number): number => Number(x.toFixed(4))
  return { requestF1: round((2 * tp) / (2 * tp + fp + fn)), categoryAccuracy: round(cat / requests), urgencyAccuracy: round(urg / requests) }
}

/** Thresholds chosen on the validation split: request F1 near its best, 99.5% recall for the suspected band, 95% urgent recall. */
function thresholdsOn(heads: Record<HeadName, LinearHead>, validation: readonly Encoded[]): { thresholds: Thresholds; figures: Record<string, number> } {
  const scored = validation.map((t) => ({ t, p: predicted(heads.request, t)[1]! }))
  const positives = scored.filter((s) => s.t.label.isRequest).length
  const grid = Array.from({ length: 95 }, (_, i) => Number((0.03 + i * 0.01).toFixed(2)))
  const f1At = (threshold: number): number => {
    const tp = scored.filter((s) => s.p >= threshold && s.t.label.isRequest).length
    const fp = scored.filter((s) => s.p >= threshold && !s.t.label.isRequest).length
    return (2 * tp) / (positives + tp + fp)
  }
  const recallAt = (threshold: number): number => scored.filter((s) => s.p >= threshold && s.t.label.isRequest).length / positives
  // F1 is flat over a wide range of thresholds, where one message more or less picks the best: the
  // middle of the thresholds within half a point of the best is the choice least moved by chance.
  const bestF1 = Math.max(...grid.map(f1At))
  const nearBest = grid.filter((t) => f1At(t) >= bestF1 - 0.005)
  const report = nearBest[Math.floor(nearBest.length / 2)]!
  // The suspected band reaches well below the reporting threshold: a message the model doubts is kept for staff, not dropped.
  const suspect = [...grid].reverse().find((t) => t <= report - 0.2 && recallAt(t) >= 0.995) ?? grid[0]!
  const requests = validation.filter((t) => t.label.isRequest)
  const urgentIndex = heads.urgency.classes.indexOf('urgent')
  const isUrgentAt = (t: Encoded, threshold: number): boolean => t.danger || predicted(heads.urgency, t)[urgentIndex]! >= threshold
  const urgentGold = requests.filter((t) => t.label.urgency === 'urgent')
  const urgentRecallAt = (threshold: number): number => urgentGold.filter((t) => isUrgentAt(t, threshold)).length / urgentGold.length
  const urgentPrecisionAt = (threshold: number): number => {
    const flagged = requests.filter((t) => isUrgentAt(t, threshold))
    return flagged.filter((t) => t.label.urgency === 'urgent').length / Math.max(1, flagged.length)
  }
  // A missed emergency can cost a life and a false one an extra ping: the lowest threshold whose
  // precision keeps a margin above 70%, as long as it finds at least 95% of the emergencies.
  const urgent =
    grid.find((t) => urgentPrecisionAt(t) >= 0.75 && urgentRecallAt(t) >= 0.95) ?? [...grid].reverse().find((t) => urgentRecallAt(t) >= 0.95) ?? grid[0]!
  const flagged = requests.filter((t) => isUrgentAt(t, urgent))
  const round = (x: number): number => Number(x.toFixed(4))
  return {
    thresholds: { report, suspect, urgent, duplicate: 0.3 },
    figures: {
      requestF1AtReport: round(f1At(report)),
      requestRecallAtSuspect: round(recallAt(suspect)),
      urgentRecall: round(urgentRecallAt(urgent)),
      urgentPrecision: round(flagged.filter((t) => t.label.urgency === 'urgent').length / Math.max(1, flagged.length)),
    },
  }
}

/** Trains both linear models on the training texts, keeps the one that does better on validation, calibrates it. */
export function buildModel(
  train: readonly LabelledText[], validation: readonly LabelledText[], pairs: readonly DuplicatePair[], tokenizer: Tokenizer, seed = 20261201,
): { file: ModelFile; report: Record<string, unknown> } {
  const { features, idf } = vocabularyOf(train, tokenizer, 2)
  const index = indexOf(features)
  const encode = (t: LabelledText): Encoded => ({ ...t, ids: featureIds(t.text, tokenizer, index), danger: namesDanger(t.text) })
  const trainSet = train.map(encode)
  const validationSet = validation.map(encode)
  const candidates = (['logistic', 'hinge'] as const).map((loss) => {
    const heads = trainHeads(trainSet, features.length, loss, seed)
    const figures = figuresOf(heads, validationSet)
    return { loss, heads, figures, total: figures.requestF1! + figures.categoryAccuracy! + figures.urgencyAccuracy! }
  })
  const winner = candidates.reduce((a, b) => (b.total > a.total ? b : a))
  for (const head of Object.keys(winner.heads) as HeadName[]) {
    const heldOut = validationSet.filter((t) => head === 'request' || t.label.isRequest).map((t) => ({ ids: t.ids, label: labelOf(head, t) }))
    winner.heads[head].temperature = fitTemperature(winner.heads[head], heldOut)
  }
  const { thresholds, figures } = thresholdsOn(winner.heads, validationSet)
  const digest = createHash('sha256')
  for (const h of Object.values(winner.heads)) digest.update(Buffer.from(h.weights.buffer))
  const model: Model = { version: `model-${digest.digest('hex').slice(0, 8)}`, features, heads: winner.heads, idf, thresholds }
  const duplicates = duplicateThresholdOf(createClassifier(model, tokenizer), pairs)
  thresholds.duplicate = duplicates.threshold
  const report = {
    seed,
    trainMessages: train.length,
    validationMessages: validation.length,
    features: features.length,
    compared: Object.fromEntries(candidates.map((c) => [c.loss, c.figures])),
    chosen: winner.loss,
    thresholds,
    validation: figures,
    duplicates: duplicates.figures,
  }
  return { file: encodeModel(model, report), report }
}
