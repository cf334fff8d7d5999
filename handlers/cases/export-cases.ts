import { stringify } from 'csv-stringify/sync'
import type { Db } from '../context.js'
import { maskForOthers, maskName, type PublicNumbers } from '../mask.js'
import { momentText } from '../time.js'
import { categoryName } from './case-texts.js'
import { isOverdue } from './deadlines.js'
import { stateWord, TRIAGE_STATES } from './states.js'

const URGENCY_WORDS: Record<string, string> = { urgent: '紧急', normal: '一般', low: '不急' }
const SCORE_WORDS: Record<string, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }

const HEADER = [
  '工单号', '登记时间', '类别', '楼栋', '单元', '房号', '紧急程度', '状态', '逾期', '责任方', '负责人',
  '反映人', '反映人微信号', '同反映人数', '居民原话', '受理时间', '办结时间', '评价', '评价意见', '解析版本',
]

/** What a CSV row is made of: a case with its rating and how many reported it. */
export type ExportedCase = Awaited<ReturnType<typeof exportedCases>>[number]

const exportedCases = (db: Db, where: NonNullable<Parameters<Db['case']['findMany']>[0]>['where']) =>
  db.case.findMany({ where, orderBy: { number: 'asc' }, include: { rating: true, _count: { select: { reporters: true } } } })

export interface CsvOptions {
  /** Everything (names, contact ids, rooms, words); otherwise masked as in group posts. */
  full: boolean
  timeZone: string
  publicNumbers: PublicNumbers
  now: Date
}

/**
 * The cases registered in [from, to) as CSV (UTF-8 with a BOM, so spreadsheet programs read
 * the Chinese). Masked by default: family names only, no room, no contact id, phone and ID
 * numbers starred. `full` gives everything.
 */
export async function exportCases(db: Db, communityId: number, from: Date, to: Date, options: CsvOptions): Promise<{ csv: string; count: number }> {
  const cases = await exportedCases(db, { communityId, createdAt: { gte: from, lt: to }, state: { notIn: TRIAGE_STATES } })
  return { csv: casesCsv(cases, options), count: cases.length }
}

/** The cases a filter finds (the dashboard's table), as the same CSV. */
export async function exportWhere(db: Db, where: NonNullable<Parameters<Db['case']['findMany']>[0]>['where'], options: CsvOptions): Promise<{ csv: string; count: number }> {
  const cases = await exportedCases(db, where)
  return { csv: casesCsv(cases, options), count: cases.length }
}

function casesCsv(cases: ExportedCase[], options: CsvOptions): string {
  const { full, timeZone, now, publicNumbers } = options
  const when = (d: Date | null) => (d ? momentText(d, timeZone) : '')
  const rows = cases.map((c) => [
    c.number, when(c.createdAt), categoryName(c.category), c.building ?? '', c.unit ?? '', full ? (c.room ?? '') : c.room ? '***' : '',
    URGENCY_WORDS[c.urgency] ?? c.urgency, stateWord(c.state), isOverdue(c, now) ? '是' : '', c.party, c.assigneeName ?? '',
    full ? c.reporterName : maskName(c.reporterName), full ? c.reporterId : '', c._count.reporters,
    full ? c.text : maskForOthers(c.text, publicNumbers), when(c.acceptedAt), when(c.resolvedAt),
    c.rating ? (SCORE_WORDS[c.rating.score] ?? c.rating.score) : c.state === 'rated' ? '未评价（自动结案）' : '',
    c.rating?.comment ? (full ? c.rating.comment : maskForOthers(c.rating.comment, publicNumbers)) : '', c.parserVersion,
  ])
  // A cell starting with = + - @ tab or CR runs as a formula in Excel and WPS: written with a leading ' (OWASP).
  return stringify([HEADER, ...rows], { bom: true, escape_formulas: true })
}
