import { chineseNumber } from './when.js'

/** A 接龙 as WeChat groups write it: a header, a title, perhaps an example line, and numbered names. */
export interface Jielong {
  title: string
  /** The names on the numbered lines, in order (empty lines left out). */
  names: string[]
}

const HEADER = /^\s*(?:#\s*接龙|【\s*接龙\s*】|接龙(?:[:：]|(?=\s|$)))\s*/
const ENTRY = /^\s*(\d{1,3})(?:\s*[.．、)）:：](?!\d)|\s+|$)\s*(.*?)\s*$/
const EXAMPLE = /^\s*(?:例|示例|格式|例如)\s*[:：]?\s*/

/**
 * Reads a 接龙: the first line is the header (`#接龙`, `【接龙】`, `接龙：`, perhaps with the title
 * after it), the lines before the first numbered one are the title (an example line `例 张三` is
 * left out), and each numbered line (`1. 张红`, `2、李明`, `3）`, `4 王芳`) holds one name. Null for anything else.
 */
export function parseJielong(text: string): Jielong | null {
  const lines = text.split(/\r?\n/)
  const first = lines.findIndex((l) => l.trim() !== '')
  if (first < 0 || !HEADER.test(lines[first]!)) return null
  const title: string[] = []
  const names: string[] = []
  const headerRest = lines[first]!.replace(HEADER, '').trim()
  if (headerRest) title.push(headerRest)
  let numbered = false
  for (const line of lines.slice(first + 1)) {
    const entry = ENTRY.exec(line)
    if (entry) {
      numbered = true
      if (entry[2]) names.push(entry[2])
      continue
    }
    if (numbered || EXAMPLE.test(line) || line.trim() === '') continue
    title.push(line.trim())
  }
  if (!numbered && title.length === 0) return null
  return { title: title.join(' '), names }
}

/** How many places a title asks for: "4人", "限3人", "要两个力气大的", "名额5个"; null when it does not say. */
export function placesIn(title: string): number | null {
  const m = /(?:名额|限|要|需要|招|缺)\s*([0-9一二两三四五六七八九十]{1,3})\s*(?:个|位|名|人)|([0-9一二两三四五六七八九十]{1,3})\s*(?:个人|人|位|名)(?![楼栋单元号])|名额\s*([0-9一二两三四五六七八九十]{1,3})/.exec(title)
  if (!m) return null
  const n = chineseNumber(m[1] ?? m[2] ?? m[3]!)
  return Number.isFinite(n) && n > 0 && n <= 200 ? n : null
}

/** A skill asked for: "会理发", "懂电工"; null when none. */
export function skillIn(title: string): string | null {
  const m = /(?:会|懂|有)([\u4e00-\u9fa5]{1,4}?)(?:的|技能|经验|证)?(?=[\s，,。、]|$)/.exec(title)
  return m ? `${title[m.index]}${m[1]}` : null
}

/** The same name however it was typed: spaces, emoji and punctuation left out. */
export const nameKey = (name: string): string => name.replace(/[\s\p{Extended_Pictographic}\u200d\ufe0f.,，。!！~～·•-]/gu, '').toLowerCase()
