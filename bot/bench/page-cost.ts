import { createHash } from 'node:crypto'
import type { Hono } from 'hono'
import { pino } from 'pino'
import { newSecret, secretHash } from '../../handlers/dashboard/dashboard-commands.js'
import type { Community, Db } from '../../handlers/context.js'
import { systemClock } from '../clock.js'
import { dashboardRoutes, type DashboardEnv } from '../dashboard/routes.js'
import type { InboundDeps } from '../inbound/handle-incoming.js'
import { MemberDirectory } from '../inbound/members.js'

/** The dashboard's pages timed: the median of 5 requests each, after one to warm up ('/chart.svg first': that first drawing of 总览's chart). */
export const DASHBOARD_PAGES = ['/', '/chart.svg first', '/chart.svg', '/wall', '/cases', '/cases?state=open&overdue=1', '/cases/500', '/notice', '/triage', '/r/CODE', '/c/TOKEN'] as const

/** The report page's code and a reporter's page key in the timed community (case #500 is theirs). */
const SLUG = 'benchReportCode00000000'
const TOKEN = 'benchReporterPageToken0000000000'

/**
 * Times each dashboard page over the community's cases (already seeded), in process: the Hono
 * app answering a request with a secretary's session, without the network in between.
 */
export async function pageCosts(db: Db, community: Community): Promise<Record<string, number>> {
  await db.member.create({ data: { communityId: community.id, contactId: 'wxid_bench_secretary', name: '基准书记', roles: 'secretary', source: 'config' } })
  const cookie = newSecret()
  const now = new Date()
  await db.dashboardSession.create({ data: { communityId: community.id, tokenHash: secretHash(cookie), contactId: 'wxid_bench_secretary', csrf: newSecret(), createdAt: now, expiresAt: new Date(now.getTime() + 3_600_000) } })
  const log = pino({ level: 'silent' })
  // The pages timed read the database only; the chat's inbound path (for actions) is not used here.
  const app: Hono<DashboardEnv> = dashboardRoutes({
    db, community, clock: systemClock, log, members: new MemberDirectory(db, community.id), inbound: {} as InboundDeps, secureCookies: false, behindProxy: false, renderNotice: async () => null,
  })
  await db.reportCode.create({ data: { communityId: community.id, slug: SLUG, building: null, createdAt: now } })
  const reported = await db.case.findFirst({ where: { communityId: community.id, number: 500 } })
  await db.webReporter.create({
    data: { communityId: community.id, contactId: 'web:bench', caseId: reported?.id ?? null, tokenHash: createHash('sha256').update(TOKEN).digest('base64url'), followCode: 'BENCH1', codeId: 0, createdAt: now },
  })
  const costs: Record<string, number> = {}
  for (const label of DASHBOARD_PAGES.filter((p) => !p.endsWith(' first'))) {
    const path = label.replace('CODE', SLUG).replace('TOKEN', TOKEN)
    const times = await pageTimes(app, path, cookie)
    if (label === '/chart.svg') costs['/chart.svg first'] = times.firstMs
    costs[label] = times.medianMs
  }
  return costs
}

const tenths = (ms: number) => Math.round(ms * 10) / 10

/** One page with a session's cookie, in process: the first request's time, then the median of 5 more, in ms. */
export async function pageTimes(app: { request(path: string, init: RequestInit): Response | Promise<Response> }, path: string, cookie: string): Promise<{ firstMs: number; medianMs: number }> {
  const get = async () => {
    const response = await app.request(path, { headers: { cookie: `hg_dashboard=${cookie}` } })
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
    await response.text()
  }
  const first = performance.now()
  await get()
  const firstMs = tenths(performance.now() - first)
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    await get()
    times.push(performance.now() - started)
  }
  return { firstMs, medianMs: tenths(times.sort((a, b) => a - b)[2]!) }
}
