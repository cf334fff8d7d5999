import type { ModelAccess } from '../context.js'
import { parseMessage, type ParsedMessage } from './parse-message.js'
import { refineWithModel } from './refine-with-model.js'

/** Rules first; a configured model refines only what the rules were unsure of. */
export async function understand(
  text: string,
  groupBuilding: string | null,
  who: { residentId: string; now: Date; model?: ModelAccess },
): Promise<ParsedMessage> {
  const rules = parseMessage(text, groupBuilding)
  if (!who.model) return rules
  return refineWithModel(text, groupBuilding, rules, { ...who.model, residentId: who.residentId, now: who.now })
}
