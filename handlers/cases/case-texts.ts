import type { Clock } from '../context.js'
import { maskForOthers, maskName, maskPersonalData, type PublicNumbers } from '../mask.js'
import type { CommunityConfig } from '../community/config-schema.js'
import { CATEGORY_NAMES, type Category } from '../parse/lexicon.js'
import { momentText } from '../time.js'
import { RESIDENT_ACTIONS, type CaseRow } from './case-store.js'
import { isOverdue } from './deadlines.js'
import { stateWord } from './states.js'

/** What texts for people are written with: the community's time zone, and the numbers everyone may see. */
export type TextSettings = Pick<CommunityConfig, 'timezone' | 'publicNumbers'>

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

/**
 * The acknowledgement of a new case. In a group, where neighbours read along, it stops at the unit:
 * the reporter sees the room read from their words privately (查询 #N).
 */
export function ackText(caseRow: CaseRow, handlerName: string | null, inGroup = true): string {
  const urgent = caseRow.urgency === 'urgent' ? '，紧急' : ''
  return (
    `已登记 #${caseRow.number}：${categoryName(caseRow.category)}｜${locationText(caseRow, !inGroup)}${urgent}。` +
    `由${handlerText(caseRow, handlerName)}负责处理，回复「查询 #${caseRow.number}」可看进度。`
  )
}

const QUERY_HINT = /回复「查询 #\d+」可看进度。$/

/** The shapes of this bot's own posts: another bot echoing them, or a resident forwarding one, is not a report. */
const OWN_POST = /^(@\S+\s)*(已登记 #\d+：|已合并到 #\d+：|收到 \d+ 条反映，均已登记|红管家刚才暂时离线|\d+ 件工单待处理|(【紧急】)?(新工单|有居民需要帮忙) #\d+：|【通知】|【红周六)|回复「查询 #(\d+|编号)」/

export const looksLikeOwnPost = (text: string): boolean => OWN_POST.test(text.trim())

/**
 * Several messages of one kind waiting for one group, said once. Acknowledgements: a line per
 * case ('late' for reports read after the bot was offline: one note for them all). Notices to a
 * staff group: one after another.
 */
export function combinedText(texts: string[], kind: 'ack' | 'late' | 'notice' | 'held' | 'same'): string {
  if (kind === 'notice') return [`${texts.length} 件工单待处理：`, ...texts].join('\n\n')
  if (kind === 'same') {
    // Neighbours saying "我家也是" one after another: one line for them all, naming the cases.
    const numbers = [...new Set(texts.flatMap((t) => [...t.matchAll(/#(\d+)/g)].map((m) => `#${m[1]}`)))]
    return `已记下，这 ${texts.length} 位居民也反映了 ${numbers.join('、')} 的问题，已一并登记，有进展会通知大家。`
  }
  // Replies that waited while the group had its hour's share of messages, sent together when its turn came.
  if (kind === 'held') return [`刚才群里消息多，下面 ${texts.length} 条回复一起发：`, ...texts].join('\n\n')
  const header = kind === 'late' ? `红管家刚才暂时离线，离线期间大家反映的 ${texts.length} 件事已登记：` : `收到 ${texts.length} 条反映，均已登记：`
  const lines = texts.map((t) => t.replace(QUERY_HINT, ''))
  return [header, ...lines, '回复「查询 #编号」可看进度。'].join('\n')
}

/** The answer to a report that repeats an open case: the sender now follows that case. */
export function mergedAckText(caseRow: CaseRow, reporters: number): string {
  return (
    `已合并到 #${caseRow.number}：${categoryName(caseRow.category)}｜${locationText(caseRow, false)}，` +
    `这件事已有 ${reporters} 位居民反映，目前「${stateWord(caseRow.state)}」，由${handlerText(caseRow)}负责。有进展会通知您。`
  )
}

export type NoticeReason = 'new' | 'routed' | 'reopened' | 'suspected' | 'urgent'

const NOTICE_HEAD: Record<NoticeReason, string> = {
  new: '新工单', routed: '转派来的工单', reopened: '居民不满意，工单已重新打开', suspected: '疑似反映（还没有回复居民）',
  urgent: '居民补充了险情，工单已改为紧急',
}

/** A co-reporter's acknowledgement in their group. */
export const joinedText = (number: number, others: number): string =>
  others > 0 ? `已记下，您和其他 ${others} 位居民一起反映 #${number}，有进展会通知您。` : `已记下，您一起反映 #${number}，有进展会通知您。`

/** A co-reporter from another building: their fault is their own building's case. */
export const otherBuildingText = (caseRow: Pick<CaseRow, 'number' | 'building'>): string =>
  `#${caseRow.number} 是${buildingText(caseRow.building!)}的工单，只能由本楼居民一起反映。您那边如果也有同样的问题，请在自己楼的群里说一下，我们会另外登记。`

/** The reporter's group, once, when a follow-up made a case urgent. */
export const nowUrgentText = (number: number): string => `#${number} 已改为紧急，已通知负责人员马上处理。有人受伤或被困，请同时拨打 120 或 119。`

/** The handler, privately and once, when a resident says the fault is gone. */
export function saidFixedText(number: number, note: string, publicNumbers: PublicNumbers): string {
  const words = maskPersonalData(note, publicNumbers)
  return `居民说 #${number} 已经好了：「${words.length > 60 ? `${words.slice(0, 60)}…` : words}」\n请确认后办结：回复「办结 #${number}」。`
}

/** What the handler (privately, or their staff group) hears about a case they must take up. */
export function handlerNoticeText(caseRow: CaseRow, reason: NoticeReason, settings: TextSettings, addition?: string): string {
  const { timezone: timeZone, publicNumbers } = settings
  const urgent = caseRow.urgency === 'urgent' ? '【紧急】' : ''
  const text = maskPersonalData(caseRow.text, publicNumbers)
  const lines = [
    `${urgent}${NOTICE_HEAD[reason]} #${caseRow.number}：${categoryName(caseRow.category)}｜${locationText(caseRow)}`,
    `居民原话：${text.length > 120 ? `${text.slice(0, 120)}…` : text}`,
  ]
  if (addition) lines.push(`居民补充：${maskPersonalData(addition, publicNumbers).slice(0, 120)}`)
  if (caseRow.state === 'suspected') lines.push(`是反映请回复「确认 #${caseRow.number}」（会告知居民），不是请回复「不是 #${caseRow.number}」。`)
  else if (caseRow.state === 'reported') lines.push(`请在 ${momentText(caseRow.respondBy, timeZone)} 前受理：回复「受理 #${caseRow.number}」。`)
  else lines.push(`请在 ${momentText(caseRow.resolveBy, timeZone)} 前办结，进展请回复「进展 #${caseRow.number} 内容」。`)
  return lines.join('\n')
}

/**
 * The same notice for a group that is not a staff group (the volunteers' group, residents all):
 * the unit but no room, the words masked as for other residents, and no command they may not use.
 */
export function helpWantedText(caseRow: CaseRow, settings: TextSettings): string {
  const urgent = caseRow.urgency === 'urgent' ? '【紧急】' : ''
  const text = maskForOthers(caseRow.text, settings.publicNumbers)
  return [
    `${urgent}有居民需要帮忙 #${caseRow.number}：${categoryName(caseRow.category)}｜${locationText(caseRow, false)}`,
    `内容：${text.length > 120 ? `${text.slice(0, 120)}…` : text}`,
    '能帮忙的志愿者请联系驿站工作人员，由工作人员安排。',
  ].join('\n')
}

/** #N 状态 — one line per case in lists. */
export function caseLineText(caseRow: CaseRow, now: Date, withRoom = true): string {
  const overdue = isOverdue(caseRow, now) ? '【逾期】' : ''
  return `#${caseRow.number} ${categoryName(caseRow.category)}｜${locationText(caseRow, withRoom)}｜${stateWord(caseRow.state)}${overdue}`
}

/**
 * Who is reading a case: staff see it whole; a resident sees the state, the steps and the staff's
 * notes, their own words, and no other resident's name, room or words.
 */
export interface CaseViewer {
  id: string
  staff: boolean
  /** The reply goes to a group, where anyone may read it. */
  inGroup: boolean
}

/** Staff reading in a private chat (or their staff group, or the dashboard): the whole case. */
export const seesWhole = (viewer: CaseViewer): boolean => viewer.staff && !viewer.inGroup

/** The room is the first reporter's: shown only in private, to that reporter (who gave it) and to staff. */
const seesRoom = (caseRow: CaseRow, viewer: CaseViewer): boolean => !viewer.inGroup && (viewer.id === caseRow.reporterId || viewer.staff)
const noteFor = (viewer: CaseViewer, publicNumbers: PublicNumbers) => (text: string) => (seesWhole(viewer) ? maskPersonalData : maskForOthers)(text, publicNumbers)

export function caseStatusText(caseRow: CaseRow, note: string | null, clock: Clock, settings: TextSettings, viewer: CaseViewer): string {
  const timeZone = settings.timezone
  const lines = [
    `#${caseRow.number} ${categoryName(caseRow.category)}｜${locationText(caseRow, seesRoom(caseRow, viewer))}`,
    `状态：${stateWord(caseRow.state)}${isOverdue(caseRow, clock.now()) ? '（逾期）' : ''}`,
    `负责：${handlerText(caseRow)}`,
    `登记时间：${momentText(caseRow.createdAt, timeZone)}`,
  ]
  if (note) lines.push(`最新进展：${noteFor(viewer, settings.publicNumbers)(note)}`)
  return lines.join('\n')
}

const ACTION_TEXT: Record<string, (n: number, note: string) => string> = {
  accepted: (n, who) => `#${n} 已受理，由${who}处理。`,
  in_progress: (n, note) => `#${n} 处理中：${note}`,
  resolved: (n, note) => `#${n} 已办结：${note}\n请回复「评价 #${n} 满意」「评价 #${n} 基本满意」或「评价 #${n} 不满意」，可以附上几句话。`,
  routed: (n, party) => `#${n} 已转派给${party}处理。`,
  closed: (n, reason) => `#${n} 已关闭：${reason}`,
  discussing: (n, note) => `#${n} 已提交社区、物业、业委会联席会议协商（议）${note ? `：${note}` : ''}。协商结果会在这里告诉大家。`,
  reopened: (n, note) => `#${n} 反映人对处理结果不满意，已重新打开，继续处理中${note ? `（${note}）` : ''}。`,
}

/** The post that tells the reporter's group a case changed. */
export function statusPostText(action: keyof typeof ACTION_TEXT, number: number, detail: string, publicNumbers: PublicNumbers): string {
  const make = ACTION_TEXT[action]
  const shown = maskForOthers(detail, publicNumbers)
  return make ? make(number, shown) : `#${number} ${shown}`
}

const EVENT_WORDS: Record<string, string> = {
  reported: '反映', merged: '同样反映（已合并）', joined: '一起反映', accepted: '受理', progress: '进展', resolved: '办结',
  routed: '转派', closed: '关闭', discussing: '提交协商', rated: '评价', reopened: '不满意，重新打开',
  overdue: '逾期', escalated: '督办', 'rating-timeout': '到期未评价，自动结案',
  followup: '补充', 'made-urgent': '补充险情，改为紧急',
}

interface EventRow {
  action: string
  actorId: string
  actorName: string
  fromState: string | null
  toState: string | null
  note: string | null
  at: Date
}

/**
 * 查询 #N 详情: every event of the case, oldest first. Staff steps are named; phone and ID numbers
 * are always masked. A resident (or a group) sees other residents by family name only, and not
 * their words; in a group nobody's words but the staff's are shown, not even the reader's own.
 */
export function caseHistoryText(caseRow: CaseRow, events: EventRow[], settings: TextSettings, viewer: CaseViewer): string {
  const timeZone = settings.timezone
  const lines = [`#${caseRow.number} ${categoryName(caseRow.category)}｜${locationText(caseRow, seesRoom(caseRow, viewer))}｜${stateWord(caseRow.state)}`, '经过：']
  const mask = noteFor(viewer, settings.publicNumbers)
  for (const e of events) {
    // Known by the step, not by who holds a role today: a removed staff member's notes stay staff notes.
    const byStaff = e.actorId === 'system' || !RESIDENT_ACTIONS.includes(e.action)
    const ownOrStaffView = seesWhole(viewer) || (e.actorId === viewer.id && !viewer.inGroup)
    const who = e.actorId === 'system' ? '系统' : byStaff || ownOrStaffView ? e.actorName : maskName(e.actorName)
    const move = e.fromState && e.toState && e.fromState !== e.toState ? `（${stateWord(e.fromState)}→${stateWord(e.toState)}）` : ''
    // Another resident's words stay theirs: the step is listed, what they said is not.
    const shown = e.note && (byStaff || ownOrStaffView) ? e.note : null
    const note = shown ? `：${mask(shown.length > 60 ? `${shown.slice(0, 60)}…` : shown)}` : ''
    lines.push(`${momentText(e.at, timeZone)} ${who} ${EVENT_WORDS[e.action] ?? e.action}${move}${note}`)
  }
  return lines.join('\n')
}
