// Turns a chat line into a command name and its arguments. Works with or without an
// @-mention, with full- or half-width # and spaces, and with #12, 12号 or 12.

export const COMMAND_WORDS = [
  '查询', '进度', '我的工单', '评价', '+1', '我也是', '受理', '认领', '进展', '完成', '办结', '转派', '关闭',
  '待办', '议', '议程', '今日汇总', '本周汇总', '逾期', '通知', '报名红周六', '请假红周六', '签到', '签退', '志愿时长', '红周六名单', '绑定', '帮助',
  '走访', '独居', '取消独居', '删除我的信息', '确认', '不是', '改', '登记', '看板', '退出看板', '撤销', '关注', '来不了', '请假', '来', '活动', '报名', '取消活动', '我的时长', '派给志愿者', '接单', '同意', '收到', '改活动',
  '上报街道', '交办',
] as const
export type CommandWord = (typeof COMMAND_WORDS)[number]

export interface ParsedCommand {
  word: CommandWord
  /** The case number, when the line names one. */
  number: number | null
  /** What follows the command word and case number. */
  rest: string
  /** Everything after the command word, for commands that take no case number. */
  text: string
}

// Longest words first, so 红周六名单 is not read as something shorter.
const BY_LENGTH = [...COMMAND_WORDS].sort((a, b) => b.length - a.length)
// A number of any length is read whole: 查询 #12345678 asks about no case, never about #1234567.
const CASE_NUMBER = /^(?:#\s*(\d+)\s*号?|(\d+)\s*号(?!楼)|(\d+)(?![栋幢座楼单元室]))/

/** Strips the @-mention of the bot, unifies widths and spaces. */
// Full-width digits, letters, # and + read as their plain forms; punctuation stays as written, for it
// is part of what people read (a staff note posted to a group keeps its ，and 。).
const FULL_WIDTH_PLAIN = /[０-９Ａ-Ｚａ-ｚ＃＋]/g
/** Zero-width and text-direction characters: invisible, pasted or typed to dodge a reader, never meant. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/g

export function cleanCommandText(raw: string): string {
  return raw
    .replace(INVISIBLE, '')
    .replace(FULL_WIDTH_PLAIN, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/@[^\s\u2005@]{1,20}[\s\u2005]/g, ' ')
    .replace(/[\s\u2005\u3000]+/g, ' ')
    .trim()
}

export function parseCommand(raw: string): ParsedCommand | null {
  const text = cleanCommandText(raw)
  const word = BY_LENGTH.find((w) => text.startsWith(w))
  if (!word) return null
  let rest = text.slice(word.length)
  // 完成了吗 / 评价一下 are talk, not commands: a command word is followed by a space, #, a digit or nothing.
  if (rest && !/^[\s#\d:：,，]/.test(rest)) return null
  rest = rest.replace(/^[\s:：,，]+/, '')
  const afterWord = rest
  const m = CASE_NUMBER.exec(rest)
  let number: number | null = null
  if (m) {
    number = Number(m[1] ?? m[2] ?? m[3])
    rest = rest.slice(m[0].length).replace(/^[\s:：,，]+/, '')
  }
  return { word, number, rest: rest.trim(), text: afterWord.trim() }
}
