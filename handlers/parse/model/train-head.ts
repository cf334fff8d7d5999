import { seededRandom } from '../../random.js'
import { scoresOf, softmax, type LinearHead } from './linear.js'

export interface Example {
  /** Distinct feature ids. */
  ids: number[]
  label: number
}

export interface TrainOptions {
  /** Multinomial logistic regression, or a multi-class linear SVM (Crammer–Singer hinge). */
  loss: 'logistic' | 'hinge'
  epochs: number
  learningRate: number
  l2: number
  seed: number
}

export const scaleOf = (ids: readonly number[]): number => (ids.length ? 1 / Math.sqrt(ids.length) : 0)

/** Trains one head with AdaGrad over shuffled examples; each vector is L2-normalised. */
export function trainHead(examples: readonly Example[], featureCount: number, classes: string[], options: TrainOptions): LinearHead {
  const k = classes.length
  const weights = new Float32Array(featureCount * k)
  const bias = new Float32Array(k)
  const squared = new Float64Array(featureCount * k).fill(1e-8)
  const biasSquared = new Float64Array(k).fill(1e-8)
  const random = seededRandom(options.seed)
  const order = examples.map((_, i) => i)
  const head: LinearHead = { classes, weights, bias, temperature: 1 }
  const gradient = new Float64Array(k)
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    for (const index of order) {
      const { ids, label } = examples[index]!
      const scale = scaleOf(ids)
      const scores = scoresOf(head, ids, scale)
      gradient.fill(0)
      if (options.loss === 'logistic') {
        const p = softmax(scores)
        for (let c = 0; c < k; c++) gradient[c] = p[c]! - (c === label ? 1 : 0)
      } else {
        let rival = -1
        for (let c = 0; c < k; c++) if (c !== label && (rival < 0 || scores[c]! > scores[rival]!)) rival = c
        if (rival >= 0 && 1 + scores[rival]! - scores[label]! > 0) {
          gradient[label] = -1
          gradient[rival] = 1
        }
      }
      for (let c = 0; c < k; c++) {
        const g = gradient[c]!
        biasSquared[c]! += g * g
        bias[c]! -= (options.learningRate * g) / Math.sqrt(biasSquared[c]!)
      }
      for (const id of ids) {
        const row = id * k
        for (let c = 0; c < k; c++) {
          const g = gradient[c]! * scale + options.l2 * weights[row + c]!
          if (g === 0) continue
          squared[row + c]! += g * g
          weights[row + c]! -= (options.learningRate * g) / Math.sqrt(squared[row + c]!)
        }
      }
    }
  }
  return head
}

/** The softmax temperature that makes the head's probabilities fit held-out examples best (log-loss). */
export function fitTemperature(head: LinearHead, heldOut: readonly Example[]): number {
  let best = 1
  let bestLoss = Infinity
  for (let t = 0.2; t <= 5.0001; t += 0.05) {
    let loss = 0
    for (const { ids, label } of heldOut) loss -= Math.log(Math.max(1e-12, softmax(scoresOf(head, ids, scaleOf(ids)), t)[label]!))
    if (loss < bestLoss) {
      bestLoss = loss
      best = Number(t.toFixed(2))
    }
  }
  return best
}
