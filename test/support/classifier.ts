import { classifierFrom, SHIPPED_MODEL_DIR } from '../../bot/model/classifier.js'
import type { Classifier } from '../../handlers/parse/model/classifier.js'

let shipped: Classifier | undefined

/** The model the project ships, loaded once per test file. */
export const shippedClassifier = (): Classifier => (shipped ??= classifierFrom(SHIPPED_MODEL_DIR))
