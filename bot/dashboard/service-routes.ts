import type { Context, Hono } from 'hono'
import { isSecretary, type Reply } from '../../handlers/context.js'
import { PARTIES, type Party } from '../../handlers/community/vocabulary.js'
import { startOfLocalDay } from '../../handlers/time.js'
import { enqueueReplies } from '../outbox/enqueue.js'
import { mayActOn } from '../../handlers/cases/access.js'
import { noticeOf, noticePage } from './pages/notice.js'
import { servicePage } from './pages/service.js'
import { refusalPage } from './pages/layout.js'
import type { DashboardDeps, DashboardEnv, RouteTools } from './deps.js'

/** A date field (YYYY-MM-DD) as the end of that day in the community's time zone; null when it is no date. */
function endOfLocalDate(value: string, timeZone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const noon = new Date(`${value}T12:00:00Z`)
  if (Number.isNaN(noon.getTime())) return null
  return new Date(startOfLocalDay(noon, timeZone).getTime() + 86_400_000 - 1)
}

/** 销号 and 公示: the service list kept and crossed off, and the month's notice printed or posted to the building groups. */
export function addServiceRoutes(app: Hono<DashboardEnv>, deps: DashboardDeps, { audit, view, newNonce, backWithNotice, takeNotice }: RouteTools): void {
  const { db, community, clock } = deps
  const timeZone = community.config.timezone
  const back = (c: Context<DashboardEnv>, path: string, notice: string) => backWithNotice(c, deps, path, notice)

  app.get('/service', async (c) => view(c, '销号', await servicePage(db, community.id, timeZone, c.get('session'), newNonce, await takeNotice(deps, c.get('session')), clock.now())))
  app.post('/service', async (c) => {
    const session = c.get('session')
    const body = await c.req.parseBody()
    const title = String(body.title ?? '').trim().slice(0, 80)
    const party = String(body.party ?? '') as Party
    const building = String(body.building ?? '').trim().slice(0, 8) || null
    const dueOn = endOfLocalDate(String(body.due ?? ''), timeZone)
    if (!title || !PARTIES.includes(party) || !dueOn) return back(c, '/service', '请写上服务项目、选好责任方和完成期限。')
    if (!mayActOn(session.sender, { party, building }, community.config)) return c.html(refusalPage('不能加这一项', `这一项归${party}，不在您负责的范围内。`), 403)
    await db.serviceItem.create({ data: { communityId: community.id, title, party, building, dueOn, createdBy: session.sender.name, createdAt: clock.now() } })
    await audit(deps, session, 'service-item-added', `${title}（${party}）`)
    return back(c, '/service', `已加入清单：${title}`)
  })
  app.post('/service/:id{[0-9]+}/done', async (c) => {
    const session = c.get('session')
    const item = await db.serviceItem.findUnique({ where: { id: Number(c.req.param('id')) } })
    if (!item || item.communityId !== community.id) return c.html(refusalPage('没有这一项', '清单里没有这一项。'), 404)
    if (!mayActOn(session.sender, item, community.config)) return c.html(refusalPage('不能销号', `这一项归${item.party}，不在您负责的范围内。`), 403)
    const note = String((await c.req.parseBody()).note ?? '').trim().slice(0, 200) || null
    // Crossed off once: a second submission finds it done.
    const done = await db.serviceItem.updateMany({ where: { id: item.id, doneAt: null }, data: { doneAt: clock.now(), doneBy: session.sender.name, doneNote: note } })
    if (done.count === 1) await audit(deps, session, 'service-item-done', `${item.title}${note ? `：${note}` : ''}`)
    return back(c, '/service', done.count === 1 ? `已销号：${item.title}` : `这一项已经销过号了。`)
  })

  app.get('/notice', async (c) => view(c, '公示', await noticePage(db, community, c.get('session'), newNonce(), await takeNotice(deps, c.get('session')), clock.now())))
  app.post('/notice/post', async (c) => {
    const session = c.get('session')
    if (!isSecretary(session.sender)) return c.html(refusalPage('不能发公示', '公示只有书记或站长可以发到群里。'), 403)
    const body = await c.req.parseBody({ all: true })
    const nonce = String(body.nonce ?? '')
    const chosen = new Set([body.room ?? []].flat().map(String))
    const groups = (await db.chatGroup.findMany({ where: { communityId: community.id, kind: 'building', leftAt: null } })).filter((g) => chosen.has(g.roomId))
    if (!/^[\w-]{8,40}$/.test(nonce) || groups.length === 0) return back(c, '/notice', '请至少选一个楼栋群。')
    const { title, lines } = await noticeOf(db, community, clock.now())
    const png = await deps.renderNotice(title, lines)
    const key = `notice-board:${nonce}`
    const replies: Reply[] = groups.map((g) =>
      png
        ? { conversationId: g.roomId, isRoom: true, text: `[公示] ${title}`, image: { name: 'gongshi.png', data: png }, key: `${key}:${g.roomId}`, broadcast: key }
        : { conversationId: g.roomId, isRoom: true, text: [title, ...lines].join('\n'), key: `${key}:${g.roomId}`, broadcast: key },
    )
    const queued = await enqueueReplies(deps.inbound.database.sql, community.id, replies, clock.now())
    if (queued) deps.inbound.onQueued()
    await audit(deps, session, 'notice-posted', `${title} → ${groups.map((g) => g.topic).join('、')}`)
    return back(c, '/notice', queued ? `已排队发到 ${queued} 个群，会按发送限速逐个发出。` : '这份公示已经发过了。')
  })
}
