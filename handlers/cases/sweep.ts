import type { Community, Db, Reply } from '../context.js'
import { momentText } from '../time.js'
import { categoryName, handlerText, locationText } from './case-texts.js'
import { activeDeadline, overdueWhere } from './deadlines.js'
import { ESCALATION_TITLES, escalationTarget, type Person } from './routing.js'
import { stateWord } from './states.js'
import { staffRoster, withRoster } from './staff-roster.js'
import { queueOverdueForStreet, streetPeople } from '../street/street-queue.js'

const SYSTEM = { id: 'system', name: '红管家' }

/** The escalation level a case has reached: 1 at its deadline, 2 half a span later, 3 a full span later. */
export function escalationLevelAt(caseRow: { state: string; createdAt: Date; respondBy: Date; resolveBy: Date }, now: Date): number {
  const { due, span } = activeDeadline(caseRow)
  const late = now.getTime() - due.getTime()
  if (late < 0) return 0
  return late >= span ? 3 : late >= span / 2 ? 2 : 1
}

const PAGE = 500

const STREET_TITLES = ['街道工作人员', '街道书记', '街道书记'] as const

/**
 * Who a step of the ladder reaches: for a case in the street's queue the street's staff, then its
 * secretary; for any other the community's own (building head → grid worker → secretary).
 */
function ladderStep(level: number, c: { building: string | null; streetAt: Date | null }, config: Community['config']): Person | null {
  if (!c.streetAt || !config.street) return escalationTarget(level, c.building, config)
  const [first] = streetPeople(config.street, level === 1 ? ['street_staff'] : ['street_secretary'])
  return first ? { id: first.id, name: first.name } : null
}

/**
 * Every overdue open case with a step still to take (not yet marked, or not fully escalated),
 * a page at a time: however many are overdue, each is looked at on every sweep.
 */
async function* overdueToSupervise(db: Db, communityId: number, now: Date) {
  let after = 0
  for (;;) {
    const page = await db.case.findMany({
      where: { communityId, id: { gt: after }, AND: [overdueWhere(now), { OR: [{ overdueAt: null }, { escalationLevel: { lt: 3 } }] }] },
      orderBy: { id: 'asc' },
      take: PAGE,
    })
    yield* page
    if (page.length < PAGE) return
    after = page[page.length - 1]!.id
  }
}

/**
 * 督: marks cases whose deadline passed, escalates them step by step (building head → grid
 * worker → secretary) and closes resolved cases nobody rated in time. Safe to run from several
 * processes: every change is claimed with a conditional update, every message has a unique key.
 */
export async function sweepCases(db: Db, community: Community, now: Date): Promise<Reply[]> {
  // Supervision reaches the people bound by invite code as it does those in the file.
  const config = withRoster(community.config, await staffRoster(db, community.id))
  const replies: Reply[] = []
  for await (const c of overdueToSupervise(db, community.id, now)) {
    if (!c.overdueAt) {
      const claimed = await db.case.updateMany({ where: { id: c.id, overdueAt: null }, data: { overdueAt: now } })
      if (claimed.count === 1) {
        await db.caseEvent.create({ data: { caseId: c.id, actorId: SYSTEM.id, actorName: SYSTEM.name, action: 'overdue', note: `${c.state === 'reported' ? '受理' : '办结'}时限已过`, at: now } })
      }
    }
    const level = escalationLevelAt(c, now)
    if (level <= c.escalationLevel) continue
    const claimed = await db.case.updateMany({ where: { id: c.id, escalationLevel: c.escalationLevel }, data: { escalationLevel: level } })
    if (claimed.count !== 1) continue
    // The highest step reached that has a person; a missing building head passes it up the chain.
    let target: Person | null = null
    let reached = level
    for (let l = level; l <= 3 && !target; l++) {
      target = ladderStep(l, c, config)
      reached = l
    }
    for (let l = level - 1; l >= 1 && !target; l--) {
      target = ladderStep(l, c, config)
      reached = l
    }
    const title = c.streetAt && config.street ? STREET_TITLES[reached - 1]! : ESCALATION_TITLES[reached - 1]!
    await db.caseEvent.create({
      data: { caseId: c.id, actorId: SYSTEM.id, actorName: SYSTEM.name, action: 'escalated', note: target ? `督办：${title}（${target.name}）` : '督办：没有配置可通知的人', at: now },
    })
    if (!target) continue
    const { due } = activeDeadline(c)
    const missed = c.state === 'reported' ? '受理' : '办结'
    replies.push({
      conversationId: target.id,
      isRoom: false,
      // One reminder per step and deadline: after acceptance the resolve deadline climbs its own ladder.
      key: `case-${c.id}:escalate:${missed}:${due.getTime()}:${level}`,
      text:
        `督办提醒（${title}）：#${c.number} ${categoryName(c.category)}｜${locationText(c)}｜${stateWord(c.state)}，` +
        `已超过${missed}时限（${momentText(due, config.timezone)}）。负责：${handlerText(c)}。请督促跟进，发「查询 #${c.number} 详情」可看经过。`,
    })
  }

  replies.push(...(await queueOverdueForStreet(db, community, now)))

  const waitMs = config.ratingWaitDays * 86_400_000
  const unrated = await db.case.findMany({ where: { communityId: community.id, state: 'resolved', resolvedAt: { lte: new Date(now.getTime() - waitMs) } }, take: 500 })
  for (const c of unrated) {
    const claimed = await db.case.updateMany({ where: { id: c.id, state: 'resolved' }, data: { state: 'rated', updatedAt: now, version: { increment: 1 } } })
    if (claimed.count !== 1) continue
    await db.caseEvent.create({ data: { caseId: c.id, actorId: SYSTEM.id, actorName: SYSTEM.name, action: 'rating-timeout', fromState: 'resolved', toState: 'rated', at: now } })
  }
  return replies
}

