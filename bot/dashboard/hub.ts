import { createHash } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { secretHash } from '../../handlers/dashboard/dashboard-commands.js'
import type { Db } from '../../handlers/context.js'
import { COOKIE } from './sessions.js'

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>

/** The largest login form the hub reads to learn whose link it is. */
const LOGIN_FORM_BYTES = 4096

const reporterHash = (token: string) => createHash('sha256').update(token).digest('base64url')

/**
 * One dashboard server for every community this process serves. Each community keeps its own
 * routes (which check the community of every session, link, code and photo themselves); the hub
 * only finds out whose request it is: the session cookie, the login link, the report code or the
 * reporter's link. Street pages (added with `street`) come before any community's.
 */
export class DashboardHub {
  private readonly communities = new Map<number, Fetch>()
  private first: number | null = null
  private readonly front = new Hono()
  /** The street's own routes, when the process serves a street. */
  street: Hono | null = null

  constructor(private readonly db: Db) {
    this.front.all('*', async (c) => {
      if (this.street && /^\/street(\/|$)/.test(c.req.path)) return this.street.fetch(c.req.raw, c.env)
      const id = (await this.communityOf(c)) ?? this.first
      const app = id === null ? undefined : this.communities.get(id)
      return app ? app(c.req.raw, c.env) : c.text('红管家还在启动，请稍后刷新。', 503)
    })
  }

  add(communityId: number, fetch: Fetch): void {
    this.communities.set(communityId, fetch)
    this.first ??= communityId
  }

  remove(communityId: number): void {
    this.communities.delete(communityId)
    if (this.first === communityId) this.first = this.communities.keys().next().value ?? null
  }

  readonly fetch: Fetch = (request, env) => this.front.fetch(request, env)

  /** Whose request this is, from what it carries; null when nothing in it names a community. */
  private async communityOf(c: Context): Promise<number | null> {
    if (this.communities.size <= 1) return this.first
    const path = c.req.path
    const report = /^\/r\/([\w-]+)/.exec(path)
    if (report) return (await this.db.reportCode.findUnique({ where: { slug: report[1]! }, select: { communityId: true } }))?.communityId ?? null
    const reporter = /^\/c\/([\w-]{32})(\/|$)/.exec(path)
    if (reporter) return (await this.db.webReporter.findUnique({ where: { tokenHash: reporterHash(reporter[1]!) }, select: { communityId: true } }))?.communityId ?? null
    if (path === '/login' && c.req.method === 'POST') {
      const length = Number(c.req.header('content-length') ?? LOGIN_FORM_BYTES + 1)
      if (length > LOGIN_FORM_BYTES) return null
      const secret = (await c.req.raw.clone().formData().catch(() => null))?.get('secret')
      if (typeof secret !== 'string' || !secret) return null
      return (await this.db.dashboardLink.findUnique({ where: { tokenHash: secretHash(secret) }, select: { communityId: true } }))?.communityId ?? null
    }
    const cookie = getCookie(c, COOKIE)
    if (!cookie) return null
    return (await this.db.dashboardSession.findUnique({ where: { tokenHash: secretHash(cookie) }, select: { communityId: true } }))?.communityId ?? null
  }
}
