import type { PublicNumbers } from '../mask.js'
import type { ModelPrompts } from './prompt.js'
import type { Llm, LlmBudget } from './refine-with-model.js'

/** An optional language model, its call budget, and where its failures are reported. */
export interface ModelAccess {
  llm: Llm
  budget: LlmBudget
  prompts: ModelPrompts
  /** Numbers the model may read as written (publicNumbers); every other number is replaced first. */
  publicNumbers: PublicNumbers
  onError?: (error: unknown) => void
}
