import type { CaseStatements } from '../ports.js'
import type { Classifier } from '../parse/model/classifier.js'
import { isSameFault } from '../parse/model/same-fault.js'
import { normalizeText } from '../parse/normalize.js'
import type { CaseRow } from './case-store.js'

/** How far back a new report looks for the same problem. */
export const DUPLICATE_WINDOW_MS = 48 * 3_600_000

interface Report {
  category: string
  building: string | null
  unit: string | null
  room: string | null
  text: string
}

/** Whether two reports of one category in one building describe the same problem. */
export const sameProblem = (a: Report, b: Report, classifier: Classifier): boolean =>
  isSameFault({ ...a, text: normalizeText(a.text) }, { ...b, text: normalizeText(b.text) }, classifier)

/** An open case from the last 48 hours that this report repeats, newest first. */
export async function findDuplicate(cases: CaseStatements, communityId: number, report: Report, now: Date, classifier: Classifier): Promise<CaseRow | null> {
  if (!report.building) return null
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS)
  const candidates = await cases.findOpen({ communityId, building: report.building, category: report.category, since })
  return candidates.find((c) => sameProblem(report, c, classifier)) ?? null
}
