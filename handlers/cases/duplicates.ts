import { Prisma } from '../../bot/generated/prisma/client.js'
import type { Db } from '../context.js'
import { CATEGORY_TERMS, type Category, type Term } from '../parse/lexicon.js'
import { normalizeText } from '../parse/normalize.js'
import type { CaseRow } from './case-store.js'
import { OPEN_STATES } from './states.js'
import { statements } from '../../bot/statements.js'

/** How far back a new report looks for the same problem. */
export const DUPLICATE_WINDOW_MS = 48 * 3_600_000

interface Report {
  category: string
  building: string | null
  unit: string | null
  room: string | null
  text: string
}

const hits = (text: string, term: Term): boolean => (typeof term === 'string' ? text.includes(term) : term.test(text))

/** The specific things a text names for its category (电梯, 楼道灯, 垃圾…): terms of weight 3 or more. */
function namedThings(text: string, category: string): Set<string> {
  const terms = CATEGORY_TERMS[category as Category] ?? []
  return new Set(terms.filter(([term, weight]) => weight >= 3 && hits(text, term)).map(([term]) => String(term)))
}

function bigrams(text: string): Set<string> {
  const plain = text.replace(/[\d\sA-Za-z栋幢座号楼单元室，。！？!?,.~、：:]/g, '')
  const grams = new Set<string>()
  for (let i = 0; i + 1 < plain.length; i++) grams.add(plain.slice(i, i + 2))
  return grams
}

/** Whether two reports of one category in one building describe the same problem. */
export function sameProblem(a: Report, b: Report): boolean {
  if (a.unit && b.unit && a.unit !== b.unit) return false
  if (a.room && b.room && a.room !== b.room) return false
  const ta = normalizeText(a.text)
  const tb = normalizeText(b.text)
  const thingsA = namedThings(ta, a.category)
  if ([...namedThings(tb, b.category)].some((t) => thingsA.has(t))) return true
  const ga = bigrams(ta)
  const gb = bigrams(tb)
  if (ga.size === 0 || gb.size === 0) return false
  const shared = [...ga].filter((g) => gb.has(g)).length
  return (2 * shared) / (ga.size + gb.size) >= 0.3
}

/** An open case from the last 48 hours that this report repeats, newest first. */
export async function findDuplicate(db: Db, communityId: number, report: Report, now: Date): Promise<CaseRow | null> {
  if (!report.building) return null
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS)
  const candidates = await statements(db).rows<CaseRow>(Prisma.sql`
    SELECT * FROM "Case"
    WHERE "communityId" = ${communityId} AND "building" = ${report.building} AND "category" = ${report.category}
      AND "state" IN (${Prisma.join(OPEN_STATES)}) AND "createdAt" >= ${since}
    ORDER BY "createdAt" DESC LIMIT 20`)
  return candidates.find((c) => sameProblem(report, c)) ?? null
}
