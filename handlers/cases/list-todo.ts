import type { Db, HandlerContext, Reply } from '../context.js'
import { FOLLOW_UP } from './case-store.js'
import { readsInGroup, replyHere } from '../context.js'
import { maskPersonalData, type PublicNumbers } from '../mask.js'
import { momentText } from '../time.js'
import { caseLineText, categoryName, locationText } from './case-texts.js'
import { OPEN_STATES } from './states.js'
import { readScope } from './access.js'

const LIMIT = 30

const excerpt = (text: string, publicNumbers: PublicNumbers): string => {
  const masked = maskPersonalData(text, publicNumbers)
  return masked.length > 40 ? `${masked.slice(0, 40)}…` : masked
}

/** 待办: open cases in the sender's scope, oldest first, overdue marked. */
export async function listTodo({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const scope = readScope(msg.sender, community.config) ?? {}
  const where = { communityId: community.id, state: { in: OPEN_STATES }, ...scope }
  const doubted = { communityId: community.id, state: 'suspected', ...scope }
  const [cases, total, suspected, suspectedTotal] = await Promise.all([
    db.case.findMany({ where, orderBy: { createdAt: 'asc' }, take: LIMIT }),
    db.case.count({ where }),
    db.case.findMany({ where: doubted, orderBy: { createdAt: 'asc' }, take: LIMIT }),
    db.case.count({ where: doubted }),
  ])
  if (total === 0 && suspectedTotal === 0) return [replyHere(msg, '目前没有待办工单。')]
  const now = clock.now()
  // Typed in a residents' group, the list is read by them: units only, no resident's words.
  const open = !readsInGroup(msg)
  // What residents added in their group since (follow-ups), for staff reading privately: how many, and the latest words.
  const added = open ? await followUpsOf(db, cases.map((c) => c.id)) : new Map<number, { count: number; latest: string }>()
  const withAdded = (c: (typeof cases)[number]) => {
    const line = caseLineText(c, now, open)
    const a = added.get(c.id)
    return a ? `${line}\n　居民补充 ${a.count} 条，最新：${excerpt(a.latest, community.config.publicNumbers)}` : line
  }
  const lines = total ? [`待办工单 ${total} 件（最早的在前）：`, ...cases.map(withAdded)] : ['目前没有待办工单。']
  if (total > LIMIT) lines.push(`……另有 ${total - LIMIT} 件未列出。`)
  if (suspectedTotal) {
    lines.push(`待确认的疑似反映 ${suspectedTotal} 件（还没有回复居民；是反映回「确认 #编号」，不是回「不是 #编号」）：`)
    const said = (c: (typeof suspected)[number]) => (open ? `：${excerpt(c.text, community.config.publicNumbers)}` : '')
    lines.push(...suspected.map((c) => `#${c.number} ${categoryName(c.category)}｜${locationText(c, open)}｜${momentText(c.createdAt, community.config.timezone)}${said(c)}`))
    if (suspectedTotal > LIMIT) lines.push(`……另有 ${suspectedTotal - LIMIT} 件未列出。`)
  }
  if (!open) lines.push('门牌和居民原话不在群里显示；私聊红管家发「待办」可以看到。')
  return [replyHere(msg, lines.join('\n'))]
}

/** The residents' follow-ups of each case: how many, and the latest words. */
async function followUpsOf(db: Db, caseIds: number[]): Promise<Map<number, { count: number; latest: string }>> {
  const found = new Map<number, { count: number; latest: string }>()
  if (caseIds.length === 0) return found
  const events = await db.caseEvent.findMany({ where: { caseId: { in: caseIds }, action: FOLLOW_UP, note: { not: null } }, orderBy: { id: 'desc' }, select: { caseId: true, note: true } })
  for (const e of events) {
    const seen = found.get(e.caseId)
    if (seen) seen.count++
    else found.set(e.caseId, { count: 1, latest: e.note! })
  }
  return found
}
