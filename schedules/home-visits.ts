import { categoryName } from '../handlers/cases/case-texts.js'
import { stateWord, TRIAGE_STATES } from '../handlers/cases/states.js'
import { maskName } from '../handlers/mask.js'
import { addressText, type Address } from '../handlers/visits/address.js'
import type { Reply } from '../handlers/context.js'
import type { Job } from './job.js'
import { membersWithRoles } from './job.js'

const DAY = 86_400_000
/** Cases reported in this many days bring their household onto the list. */
const RECENT_DAYS = 30
/** Unsatisfied ratings are remembered this long. */
const UNSATISFIED_DAYS = 90
/** A household living alone is due again this long after its last visit. */
const ALONE_REVISIT_DAYS = 25
const MAX_HOUSEHOLDS = 15

interface Household {
  address: Address
  reasons: string[]
  /** Living alone or unsatisfied: listed first. */
  priority: number
  /** The household is due if nobody visited it after this (the case, the rating, or a while ago). */
  since: Date
}

/**
 * Twice a month, to each building head privately: the households in their buildings to visit —
 * living alone (not visited in the last 25 days), unsatisfied with how a case ended, or with a
 * case in the last 30 days (not visited since). Visits are recorded with 走访.
 */
export function homeVisits(cron: string, graceMinutes = 24 * 60): Job {
  return {
    name: 'homeVisits',
    title: '入户走访提醒',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const heads = (await membersWithRoles(deps, ['building_head'])).filter((m) => m.buildings.length)
      const replies: Reply[] = []
      for (const head of heads) {
        const buildings = head.buildings
        const [alone, recent, unsatisfied, visited] = await Promise.all([
          db.household.findMany({ where: { communityId: community.id, building: { in: buildings }, livingAlone: true } }),
          db.case.findMany({ where: { communityId: community.id, building: { in: buildings }, room: { not: null }, state: { notIn: TRIAGE_STATES }, createdAt: { gte: new Date(now.getTime() - RECENT_DAYS * DAY) } }, orderBy: { number: 'asc' } }),
          db.rating.findMany({ where: { score: 'unsatisfied', at: { gte: new Date(now.getTime() - UNSATISFIED_DAYS * DAY) }, caseRow: { communityId: community.id, building: { in: buildings }, room: { not: null } } }, include: { caseRow: true } }),
          db.visit.findMany({ where: { communityId: community.id, building: { in: buildings }, at: { gte: new Date(now.getTime() - UNSATISFIED_DAYS * DAY) } } }),
        ])
        const list = new Map<string, Household>()
        const lastVisit = (a: Address): number =>
          Math.max(0, ...visited.filter((v) => v.building === a.building && v.room === a.room && (!v.unit || !a.unit || v.unit === a.unit)).map((v) => v.at.getTime()))
        const add = (address: Address, reason: string, priority: number, since: Date) => {
          if (lastVisit(address) >= since.getTime()) return
          const key = `${address.building}|${address.unit}|${address.room}`
          const entry = list.get(key) ?? { address, reasons: [], priority: 0, since }
          if (!entry.reasons.includes(reason)) entry.reasons.push(reason)
          entry.priority = Math.max(entry.priority, priority)
          list.set(key, entry)
        }
        for (const h of alone) add(h, '独居', 2, new Date(now.getTime() - ALONE_REVISIT_DAYS * DAY))
        for (const r of unsatisfied) add({ building: r.caseRow.building!, unit: r.caseRow.unit ?? '', room: r.caseRow.room! }, `#${r.caseRow.number} 评价不满意`, 2, r.at)
        for (const c of recent) add({ building: c.building!, unit: c.unit ?? '', room: c.room! }, `#${c.number} ${categoryName(c.category)}（${stateWord(c.state)}，${maskName(c.reporterName)}反映）`, 1, c.createdAt)
        const due = [...list.values()].sort((a, b) => b.priority - a.priority).slice(0, MAX_HOUSEHOLDS)
        if (due.length === 0) continue
        const lines = [
          `【入户走访】${head.name}您好，本期请走访以下住户：`,
          ...due.map((h, i) => `${i + 1}. ${addressText(h.address)}：${h.reasons.join('；')}`),
          '走访后请私聊发「走访 门牌 情况」记录，例如：走访 3栋2单元501 老人身体还好，需要代买药。',
        ]
        replies.push({ conversationId: head.contactId, isRoom: false, text: lines.join('\n'), key: `job:homeVisits:${slot}:${head.contactId}` })
      }
      return replies
    },
  }
}
