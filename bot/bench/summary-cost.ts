import { pino } from 'pino'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import type { Community } from '../../handlers/context.js'
import { summaryFor } from '../../handlers/summary/summary-for.js'
import { weeklyDigest } from '../../schedules/weekly-digest.js'
import type { Db } from '../db/client.js'
import { dropDatabase, freshDb, type DbKind } from './databases.js'
import { pageCosts } from './page-cost.js'
import { seeded } from './workload.js'

const CATEGORIES = ['water', 'power', 'facility', 'sanitation', 'noise', 'gas_heating', 'greening', 'parking']
const DAY = 86_400_000
const silent = pino({ level: 'silent' })

export interface SummaryCost {
  /** Each dashboard page's median answer time (page-cost.ts). */
  pagesMs: Record<string, number>
  db: DbKind
  cases: number
  summaryMs: number
  digestMs: number
}

/** `count` cases spread over the past year, the older ones finished, about 3% still open. */
export async function seedCases(client: Db, communityId: number, count: number, now: Date): Promise<void> {
  const random = seeded(count)
  const chunk = 1000
  for (let from = 0; from < count; from += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - from) }, (_, k) => {
      const n = from + k + 1
      const createdAt = new Date(now.getTime() - Math.floor(random() * 365 * DAY))
      const age = now.getTime() - createdAt.getTime()
      const open = age < 14 * DAY && random() < 0.5
      const state = open ? ['reported', 'accepted', 'in_progress'][n % 3]! : ['rated', 'closed'][n % 2]!
      return {
        communityId, number: n, category: CATEGORIES[n % CATEGORIES.length]!, building: String(1 + (n % 40)), unit: String(1 + (n % 6)), room: String(101 + (n % 30) * 100),
        urgency: n % 10 === 0 ? 'urgent' : 'normal', state, text: '家里水管漏水了', reporterId: `wxid_r${n % 500}`, reporterName: '居民', party: '物业', parserVersion: 'rules-1',
        respondBy: new Date(createdAt.getTime() + 4 * 3_600_000), resolveBy: new Date(createdAt.getTime() + 3 * DAY), streetBy: new Date(createdAt.getTime() + 6 * DAY),
        createdAt, acceptedAt: state === 'reported' ? null : new Date(createdAt.getTime() + 3_600_000), resolvedAt: open ? null : new Date(createdAt.getTime() + DAY),
        updatedAt: createdAt,
      }
    })
    await client.case.createMany({ data: rows })
  }
}

/** The median time of the daily summary text and of the 五+X digest over `count` cases. */
export async function summaryCost(db: DbKind, config: CommunityConfig, count: number): Promise<SummaryCost> {
  const { url, client } = await freshDb(db, `summary_${count}`)
  try {
    const now = new Date()
    const row = await client.community.create({ data: { name: config.community, timezone: config.timezone, createdAt: new Date(now.getTime() - 400 * DAY) } })
    await seedCases(client, row.id, count, now)
    const community: Community = { id: row.id, config }
    const deps = { db: client, community, log: silent }
    const digest = weeklyDigest('0 9 * * 1')
    const time = async (run: (i: number) => Promise<unknown>) => {
      await run(-1)
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        const started = performance.now()
        await run(i)
        times.push(performance.now() - started)
      }
      return Math.round(times.sort((a, b) => a - b)[2]! * 10) / 10
    }
    const summaryMs = await time(() => summaryFor({ db: client, communityId: row.id, communityName: config.community, timeZone: config.timezone }, 'day', now))
    const digestMs = await time((i) => digest.run(deps, now, `bench-${i}`))
    const pagesMs = await pageCosts(client, community)
    return { db, cases: count, summaryMs, digestMs, pagesMs }
  } finally {
    await client.$disconnect()
    await dropDatabase(url)
  }
}
