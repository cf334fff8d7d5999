/** One decision of the model: a weight per feature and class, a bias per class, a softmax temperature. */
export interface LinearHead {
  classes: string[]
  /** Row-major: feature f, class k at f * classes.length + k. */
  weights: Float32Array
  bias: Float32Array
  temperature: number
}

/** Class scores of a feature vector (feature ids, each of value `scale`). */
export function scoresOf(head: LinearHead, ids: readonly number[], scale: number): Float64Array {
  const k = head.classes.length
  const scores = Float64Array.from(head.bias)
  for (const id of ids) {
    const row = id * k
    for (let c = 0; c < k; c++) scores[c]! += head.weights[row + c]! * scale
  }
  return scores
}

/** Softmax of the scores divided by the temperature. */
export function softmax(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity
  for (const s of scores) max = Math.max(max, s / temperature)
  const out = new Float64Array(scores.length)
  let sum = 0
  for (let c = 0; c < scores.length; c++) sum += out[c] = Math.exp(scores[c]! / temperature - max)
  for (let c = 0; c < scores.length; c++) out[c]! /= sum
  return out
}

export const probabilitiesOf = (head: LinearHead, ids: readonly number[], scale: number): Float64Array =>
  softmax(scoresOf(head, ids, scale), head.temperature)
