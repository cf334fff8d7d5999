/**
 * The conversation corpus is written by hand in a compact form, one message a line, and turned
 * into the JSON lines `score-stream.mjs` reads.
 *
 *   # 2026-11-02 长青园6号楼业主群            opens a group-day
 *   07:15 小慧妈妈: 电梯又不动了 | report:a elevator 6 - - normal
 *   07:18 Q(小慧妈妈：电梯又不动了) 老孟: 我家也是 | of:a same
 *   09:10 老孟: 有没有人要白菜 | chat
 *
 * A tag (`a`) names a report within its group-day; `of:2026-11-07@d` a report of the same group on an
 * earlier day. `Q(…)` before the sender is WeChat's quote.
 */

export type StreamLabel =
  | { kind: 'report'; category: string; building: string | null; unit: string | null; room: string | null; urgency: string }
  | { kind: 'followup'; of: string; effect: string }
  | { kind: 'chat' }

export interface StreamLine {
  id: string
  group: string
  sender: string
  time: string
  text: string
  label: StreamLabel
}

/** How WeChat puts a quoted message before a reply. */
export const QUOTE_RULE = '- - - - - - - - - - - - - - -'

const DAY = /^#\s+(\d{4}-\d{2}-\d{2})\s+(\S+)\s*$/
const MESSAGE = /^(\d{2}:\d{2})\s+(?:Q\(([^)]*)\)\s+)?([^:：]+?):\s(.*)\s\|\s([^|]+)$/
const nullable = (v: string | undefined): string | null => (v === undefined || v === '-' ? null : v)

export function parseStreamCorpus(source: string, idPrefix: string): StreamLine[] {
  const lines: Array<Omit<StreamLine, 'id' | 'label'> & { label: StreamLabel | { kind: 'followup'; tag: string; effect: string }; order: number; day: string }> = []
  const reportIds = new Map<string, number>()
  let day: { date: string; group: string; n: number } | null = null
  const dayNumber = new Map<string, number>()
  let days = 0
  source.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    if (!line) return
    const header = DAY.exec(line)
    if (header) {
      day = { date: header[1]!, group: header[2]!, n: ++days }
      dayNumber.set(`${day.date} ${day.group}`, day.n)
      return
    }
    if (line.startsWith('#')) return
    const m = MESSAGE.exec(line)
    if (!m || !day) throw new Error(`line ${index + 1}: not a message: ${line}`)
    const [, clock, quote, sender, body, labelText] = m
    const text = quote ? `「${quote}」\n${QUOTE_RULE}\n${body!.trim()}` : body!.trim()
    const [kind, ...rest] = labelText!.trim().split(/\s+/)
    const dayKey = `${day.n}`
    let label: StreamLine['label'] | { kind: 'followup'; tag: string; effect: string }
    if (kind === 'chat') label = { kind: 'chat' }
    else if (kind!.startsWith('report:')) {
      const [category, building, unit, room, urgency] = rest
      if (!urgency) throw new Error(`line ${index + 1}: a report needs category, building, unit, room and urgency`)
      label = { kind: 'report', category: category!, building: nullable(building), unit: nullable(unit), room: nullable(room), urgency }
      reportIds.set(`${dayKey}:${kind!.slice(7)}`, lines.length)
    } else if (kind!.startsWith('of:')) {
      if (!rest[0]) throw new Error(`line ${index + 1}: a follow-up needs its effect`)
      const tag = kind!.slice(3)
      const at = tag.indexOf('@')
      const earlier = at < 0 ? dayKey : String(dayNumber.get(`${tag.slice(0, at)} ${day.group}`) ?? `unknown ${tag.slice(0, at)}`)
      label = { kind: 'followup', tag: `${earlier}:${tag.slice(at + 1)}`, effect: rest[0] }
    } else throw new Error(`line ${index + 1}: unknown label ${labelText}`)
    lines.push({ group: day.group, sender: sender!.trim(), time: `${day.date}T${clock}:00+08:00`, text, label, order: lines.length, day: dayKey })
  })
  const sorted = [...lines].sort((a, b) => a.time.localeCompare(b.time) || a.order - b.order)
  const idOf = new Map(sorted.map((l, i) => [l.order, `${idPrefix}${String(i + 1).padStart(4, '0')}`]))
  return sorted.map((l) => {
    let label: StreamLabel
    if ('tag' in l.label) {
      const of = reportIds.get(l.label.tag)
      if (of === undefined) throw new Error(`${l.time} ${l.sender}: follow-up of an unknown report ${l.label.tag}`)
      label = { kind: 'followup', of: idOf.get(of)!, effect: l.label.effect }
    } else label = l.label
    return { id: idOf.get(l.order)!, group: l.group, sender: l.sender, time: l.time, text: l.text, label }
  })
}
