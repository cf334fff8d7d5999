import type { Db } from '../context.js'
import { buildingText, categoryName } from '../cases/case-texts.js'
import { stateWord, TRIAGE_STATES } from '../cases/states.js'

/** One of the issues residents raised most in a week: a category in a building. */
export interface TopIssue {
  category: string
  building: string | null
  /** Residents who raised it: reporters, merged duplicates and +1s, counted as of the week's end. */
  people: number
  cases: Array<{ number: number; state: string }>
}

/**
 * The 1–2 issues of [from, to) for the weekly 五+X joint office, by residents who raised them.
 * A second pick is made only when more than one resident raised it. Computed from the cases
 * alone, so last week's picks can be found again a week later.
 */
export async function topIssues(db: Db, communityId: number, from: Date, to: Date): Promise<TopIssue[]> {
  const rows = await db.case.findMany({
    where: { communityId, createdAt: { gte: from, lt: to }, state: { notIn: TRIAGE_STATES } },
    select: { number: true, category: true, building: true, state: true, _count: { select: { reporters: { where: { createdAt: { lt: to } } } } } },
    orderBy: { number: 'asc' },
  })
  const groups = new Map<string, TopIssue>()
  for (const row of rows) {
    const key = `${row.category}|${row.building ?? ''}`
    const issue = groups.get(key) ?? { category: row.category, building: row.building, people: 0, cases: [] }
    issue.people += Math.max(1, row._count.reporters)
    issue.cases.push({ number: row.number, state: row.state })
    groups.set(key, issue)
  }
  const ranked = [...groups.values()].sort((a, b) => b.people - a.people || b.cases.length - a.cases.length || a.cases[0]!.number - b.cases[0]!.number)
  return ranked.slice(0, 2).filter((issue, i) => i === 0 || issue.people > 1)
}

export const issueTitleText = (issue: Pick<TopIssue, 'category' | 'building'>): string =>
  `${issue.building ? buildingText(issue.building) : '未注明楼栋'} ${categoryName(issue.category)}`

/** "已办结 1 件、处理中 1 件" for the cases of an issue, by their state now. */
export function progressText(states: string[]): string {
  const counts = new Map<string, number>()
  for (const state of states) counts.set(stateWord(state), (counts.get(stateWord(state)) ?? 0) + 1)
  return [...counts].map(([word, n]) => `${word} ${n} 件`).join('、')
}
