import { perVolunteer, servicesBetween } from '../handlers/volunteers/service-record.js'
import { TRIAGE_STATES } from '../handlers/cases/states.js'
import { buildingText } from '../handlers/cases/case-texts.js'
import { decimalHoursText } from '../handlers/volunteers/roster.js'
import { MIN_CASES, buildingScore, starText, volunteerStars, type RatedCase } from '../handlers/summary/star-rating.js'
import { localMidnight, localParts } from '../handlers/time.js'
import type { Reply } from '../handlers/context.js'
import type { Job } from './job.js'
import { postToGroups, postToVolunteers } from './job.js'

/**
 * At the year's end: stars per building (from the year's cases: response, resolution and
 * satisfaction) to the station group(s), and stars per volunteer (from the year's hours) to the
 * volunteers group(s). Only buildings and volunteers are named, never a resident.
 */
export function starRating(cron: string, graceMinutes = 24 * 60): Job {
  return {
    name: 'starRating',
    title: '年度星级评定',
    cron,
    graceMinutes,
    async run(deps, now, slot) {
      const { db, community } = deps
      const tz = community.config.timezone
      const year = localParts(now, tz).year
      const from = localMidnight(year, 1, 1, tz)
      const [rows, signups] = await Promise.all([
        db.case.findMany({
          where: { communityId: community.id, createdAt: { gte: from, lte: now }, building: { not: null }, state: { notIn: TRIAGE_STATES } },
          select: { building: true, state: true, respondBy: true, acceptedAt: true, resolvedAt: true, resolveBy: true, rating: { select: { score: true } } },
        }),
        servicesBetween(db, community, `${year}-01-01`, `${year}-12-31`, now),
      ])
      const byBuilding = new Map<string, RatedCase[]>()
      for (const r of rows) byBuilding.set(r.building!, [...(byBuilding.get(r.building!) ?? []), { ...r, score: r.rating?.score ?? null }])
      const buildings = [...byBuilding].map(([building, cases]) => ({ building, ...buildingScore(cases, now) }))
      const starred = buildings.filter((b) => b.stars !== null).sort((a, b) => b.score! - a.score! || a.building.localeCompare(b.building, 'zh', { numeric: true }))
      const few = buildings.filter((b) => b.stars === null).map((b) => buildingText(b.building)).sort((a, b) => a.localeCompare(b, 'zh', { numeric: true }))
      const lines = [`【${year} 年度楼栋星级】按全年工单的响应率、解决率、满意率评定：`]
      lines.push(...starred.map((b) => `· ${buildingText(b.building)} ${starText(b.stars!)}（${b.cases} 件，综合 ${Math.round(b.score! * 100)}%）`))
      if (starred.length === 0) lines.push('今年还没有楼栋的工单达到评星所需的数量。')
      if (few.length) lines.push(`工单少于 ${MIN_CASES} 件、暂不评星：${few.join('、')}`)
      lines.push('感谢各位楼栋长、物业和志愿者一年的付出！')
      const replies: Reply[] = await postToGroups(deps, ['station'], lines.join('\n'), `job:starRating:buildings:${slot}`)

      const served = perVolunteer(signups, `${year}-12-31`).filter((p) => p.minutes > 0)
      if (served.length) {
        const text = [`【${year} 年度志愿者星级】按全年志愿服务时长（红周六和各项活动）评定：`, ...served.map((p) => `· ${p.name} ${starText(volunteerStars(p.minutes))}（${decimalHoursText(p.minutes)}，到场 ${p.times} 次）`), '谢谢每一位志愿者！']
        replies.push(...(await postToVolunteers(deps, text.join('\n'), `job:starRating:volunteers:${slot}`)))
      }
      return replies
    },
  }
}
