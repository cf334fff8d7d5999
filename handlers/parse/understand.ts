import type { ModelAccess } from './model-access.js'
import type { Classifier } from './model/classifier.js'
import { parseMessage, type ParsedMessage } from './parse-message.js'
import { refineWithModel } from './refine-with-model.js'

/** The trained classifier first; a configured language model is asked about what it could not rule out. */
export async function understand(
  text: string,
  groupBuilding: string | null,
  who: { residentId: string; now: Date; classifier: Classifier; model?: ModelAccess },
): Promise<ParsedMessage> {
  const parsed = parseMessage(text, groupBuilding, who.classifier)
  if (!who.model) return parsed
  return refineWithModel(text, groupBuilding, parsed, { ...who.model, residentId: who.residentId, now: who.now })
}
