import type { LinearHead } from './linear.js'

export type HeadName = 'request' | 'category' | 'urgency'

/** Where a request's probability puts a message: a case, a suspected report to confirm, or silence. */
export interface Thresholds {
  /** At or above: a case, acknowledged in the group. */
  report: number
  /** At or above (and below `report`): a suspected report, stored for staff to confirm, no reply. */
  suspect: number
  /** The urgent probability at or above which a request is urgent. */
  urgent: number
  /** The similarity at or above which two reports of one category and building are the same fault. */
  duplicate: number
}

/** The model as stored: plain JSON, weights as base64 float32. */
export interface ModelFile {
  format: 1
  version: string
  features: string[]
  heads: Record<HeadName, { classes: string[]; weights: string; bias: number[]; temperature: number }>
  /** Inverse document frequency of each feature in the training texts, for similarity. */
  idf: string
  thresholds: Thresholds
  /** How it was trained and how it did on the validation split. */
  notes: Record<string, unknown>
}

export interface Model {
  version: string
  features: string[]
  heads: Record<HeadName, LinearHead>
  idf: Float32Array
  thresholds: Thresholds
}

const toBase64 = (a: Float32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64')
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return new Float32Array(copy.buffer)
}

export function encodeModel(model: Model, notes: Record<string, unknown>): ModelFile {
  const heads = Object.fromEntries(
    Object.entries(model.heads).map(([name, h]) => [name, { classes: h.classes, weights: toBase64(h.weights), bias: [...h.bias], temperature: h.temperature }]),
  ) as ModelFile['heads']
  return { format: 1, version: model.version, features: model.features, heads, idf: toBase64(model.idf), thresholds: model.thresholds, notes }
}

export function decodeModel(file: ModelFile): Model {
  if (file.format !== 1) throw new Error(`unknown model format ${String(file.format)}`)
  const heads = Object.fromEntries(
    Object.entries(file.heads).map(([name, h]) => {
      const weights = fromBase64(h.weights)
      if (weights.length !== file.features.length * h.classes.length) throw new Error(`model head ${name} has ${weights.length} weights, expected ${file.features.length * h.classes.length}`)
      return [name, { classes: h.classes, weights, bias: Float32Array.from(h.bias), temperature: h.temperature }]
    }),
  ) as Model['heads']
  const idf = fromBase64(file.idf)
  if (idf.length !== file.features.length) throw new Error(`model idf has ${idf.length} values, expected ${file.features.length}`)
  return { version: file.version, features: file.features, heads, idf, thresholds: file.thresholds }
}
