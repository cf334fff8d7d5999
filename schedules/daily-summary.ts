import { summaryFor } from '../handlers/summary/summary-for.js'
import type { Job } from './job.js'
import { postToGroups } from './job.js'

/** Every evening: today's summary to the station group(s) — the same text 今日汇总 answers. */
export function dailySummary(cron: string, graceMinutes = 120): Job {
  return {
    name: 'dailySummary',
    title: '每日民情汇总',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community, model } = deps
      const text = await summaryFor(
        { db, communityId: community.id, communityName: community.config.community, timeZone: community.config.timezone, model },
        'day',
        now,
      )
      return postToGroups(deps, ['station'], text, `job:dailySummary:${slot}`)
    },
  }
}
