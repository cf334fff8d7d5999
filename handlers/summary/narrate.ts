import { z } from 'zod'
import { categoryName } from '../cases/case-texts.js'
import type { ModelAccess } from '../context.js'
import type { Summary } from './compute-summary.js'

const answerSchema = z.object({ paragraph: z.string().trim().min(4).max(160) })
const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 100))

/** The figures the model may talk about: counts only, no person, room or text. */
export function summaryFacts(summary: Summary) {
  return {
    新增: summary.created, 办结: summary.resolved, 待办: summary.open, 逾期: summary.overdue,
    紧急: summary.urgent.length,
    按类别: Object.fromEntries(summary.byCategory.map((c) => [categoryName(c.category), c.count])),
    按楼栋: Object.fromEntries(summary.byBuilding.map((b) => [b.building ?? '未注明', b.count])),
    响应率: pct(summary.responseRate), 解决率: pct(summary.resolutionRate), 满意率: pct(summary.satisfactionRate),
  }
}

/**
 * A short paragraph for the top of a summary, written by the model from the figures alone.
 * Null when no model is configured, it fails, or it mentions a number the figures do not hold.
 */
export async function narrate(summary: Summary, model: ModelAccess | undefined, now: Date): Promise<string | null> {
  if (!model || !model.budget.take('summary', now)) return null
  const facts = summaryFacts(summary)
  const allowed = new Set(JSON.stringify(facts).match(/\d+/g) ?? [])
  try {
    const output = await model.llm.completeJson(model.prompts.narrative.text, JSON.stringify(facts), { name: 'summary_paragraph', schema: answerSchema })
    if (!output || output.length > 1000) throw new Error('blank or oversized model output')
    const { paragraph } = answerSchema.parse(JSON.parse(output))
    const invented = (paragraph.match(/\d+/g) ?? []).filter((n) => !allowed.has(n))
    if (invented.length) throw new Error(`the paragraph mentions numbers not in the figures: ${invented.join(',')}`)
    return paragraph
  } catch (error) {
    model.onError?.(error)
    return null
  }
}
