import { serve, type ServerType } from '@hono/node-server'
import type { Env } from '../config/env.js'
import type { Logger } from '../logger.js'
import { createNoticeRenderer } from '../model/notice-image.js'
import { dashboardRoutes, type DashboardDeps } from './routes.js'

export interface Dashboard {
  /** Where people open it: the start of every 看板 link. */
  url: string
  close(): Promise<void>
}

type DashboardSettings = Pick<Env, 'DASHBOARD_PORT' | 'DASHBOARD_HOST' | 'DASHBOARD_URL' | 'CHART_FONT'>

/** One community's pages and actions, as the settings say they are reached (HTTPS, behind a proxy). */
export function communityDashboard(deps: Omit<DashboardDeps, 'secureCookies' | 'behindProxy' | 'renderNotice'>, env: DashboardSettings, log: Logger): { fetch: (request: Request, env?: unknown) => Response | Promise<Response> } {
  const publicUrl = env.DASHBOARD_URL
  return dashboardRoutes({ ...deps, secureCookies: publicUrl?.startsWith('https://') ?? false, behindProxy: publicUrl !== undefined, renderNotice: createNoticeRenderer(env.CHART_FONT, log) })
}

/**
 * Serves the dashboard on DASHBOARD_HOST:DASHBOARD_PORT (0: any free port); null when it is off, or
 * when the port is taken (a second bot on the same machine): the bot runs on without it, and says so.
 */
export async function startDashboard(fetch: (request: Request, env?: unknown) => Response | Promise<Response>, env: DashboardSettings, log: Logger): Promise<Dashboard | null> {
  if (env.DASHBOARD_PORT === 'off') return null
  const { DASHBOARD_HOST: host, DASHBOARD_PORT: wanted, DASHBOARD_URL: publicUrl } = env
  const server: ServerType | null = await new Promise((resolve) => {
    const s = serve({ fetch, hostname: host, port: wanted }, () => resolve(s))
    s.once('error', (error) => {
      log.error({ err: error, host, port: wanted }, 'the dashboard could not listen; the bot runs on without it')
      resolve(null)
    })
  })
  if (!server) return null
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : wanted
  const url = (publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '')
  log.info({ url }, 'dashboard listening')
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
