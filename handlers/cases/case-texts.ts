import type { Clock } from '../../bot/clock.js'
import { maskPersonalNumbers } from '../mask.js'
import { CATEGORY_NAMES, type Category } from '../parse/lexicon.js'
import { momentText } from '../time.js'
import type { CaseRow } from './case-store.js'
import { isOverdue } from './deadlines.js'
import { stateWord } from './states.js'

export const categoryName = (category: string): string => CATEGORY_NAMES[category as Category] ?? category

/** 3 → 3栋, A → A座. */
export const buildingText = (building: string): string => (/^[A-Z]$/.test(building) ? `${building}座` : `${building}栋`)

interface Place {
  building: string | null
  unit: string | null
  room: string | null
}

/** 3栋2单元501室; `withRoom: false` stops at the unit, as group summaries must. */
export function locationText(place: Place, withRoom = true): string {
  const parts = [
    place.building ? buildingText(place.building) : '',
    place.unit ? `${place.unit}单元` : '',
    withRoom && place.room ? `${place.room}室` : '',
  ].join('')
  return parts || '未注明位置'
}

export function handlerText(caseRow: Pick<CaseRow, 'party' | 'assigneeName'>, named: string | null = null): string {
  const person = caseRow.assigneeName ?? named
  return person ? `${caseRow.party}（${person}）` : caseRow.party
}

/** The acknowledgement of a new case, in the group it came from. */
export function ackText(caseRow: CaseRow, handlerName: string | null): string {
  const urgent = caseRow.urgency === 'urgent' ? '，紧急' : ''
  return (
    `已登记 #${caseRow.number}：${categoryName(caseRow.category)}｜${locationText(caseRow)}${urgent}。` +
    `由${handlerText(caseRow, handlerName)}负责处理，回复「查询 #${caseRow.number}」可看进度。`
  )
}

/** #N 状态 — one line per case in lists. */
export function caseLineText(caseRow: CaseRow, now: Date, withRoom = true): string {
  const overdue = isOverdue(caseRow, now) ? '【逾期】' : ''
  return `#${caseRow.number} ${categoryName(caseRow.category)}｜${locationText(caseRow, withRoom)}｜${stateWord(caseRow.state)}${overdue}`
}

export function caseStatusText(caseRow: CaseRow, note: string | null, clock: Clock, timeZone: string): string {
  const lines = [
    `#${caseRow.number} ${categoryName(caseRow.category)}｜${locationText(caseRow)}`,
    `状态：${stateWord(caseRow.state)}${isOverdue(caseRow, clock.now()) ? '（逾期）' : ''}`,
    `负责：${handlerText(caseRow)}`,
    `登记时间：${momentText(caseRow.createdAt, timeZone)}`,
  ]
  if (note) lines.push(`最新进展：${maskPersonalNumbers(note)}`)
  return lines.join('\n')
}

const ACTION_TEXT: Record<string, (n: number, note: string) => string> = {
  accepted: (n, who) => `#${n} 已受理，由${who}处理。`,
  in_progress: (n, note) => `#${n} 处理中：${note}`,
  resolved: (n, note) => `#${n} 已办结：${note}\n请回复「评价 #${n} 满意」「评价 #${n} 基本满意」或「评价 #${n} 不满意」，可以附上几句话。`,
  routed: (n, party) => `#${n} 已转派给${party}处理。`,
  closed: (n, reason) => `#${n} 已关闭：${reason}`,
}

/** The post that tells the reporter's group a case changed. */
export function statusPostText(action: keyof typeof ACTION_TEXT, number: number, detail: string): string {
  const make = ACTION_TEXT[action]
  return make ? make(number, maskPersonalNumbers(detail)) : `#${number} ${maskPersonalNumbers(detail)}`
}
