import type { Hono } from 'hono'
import { isSecretary } from '../../handlers/context.js'
import { handleOutsideCommand } from '../inbound/handle-incoming.js'
import { peoplePage } from './pages/people.js'
import { refusalPage } from './pages/layout.js'
import type { DashboardDeps, DashboardEnv, RouteTools } from './deps.js'

/** 人员: the roles people hold, and a secretary's 撤销 for those given by invite code. */
export function addPeopleRoutes(app: Hono<DashboardEnv>, deps: DashboardDeps, { audit, view, newNonce, backWithNotice, takeNotice }: RouteTools): void {
  const { db, community } = deps
  app.get('/people', async (c) => {
    const session = c.get('session')
    return view(c, '人员', await peoplePage(db, community.id, session, isSecretary(session.sender), newNonce, await takeNotice(deps, session)))
  })
  app.post('/people/revoke', async (c) => {
    const session = c.get('session')
    if (!isSecretary(session.sender)) return c.html(refusalPage('不能撤销', '只有书记或站长可以撤销别人的身份。'), 403)
    const body = await c.req.parseBody()
    const contact = String(body.contact ?? '').trim()
    const nonce = String(body.nonce ?? '')
    if (!contact || !/^[\w-]{8,40}$/.test(nonce)) return c.html(refusalPage('无法处理', '这个操作不认识，请回到人员页面重试。'), 400)
    // The secretary's own 撤销, so the chat and the page take a role away the same way.
    const replies = await handleOutsideCommand(deps.inbound, { messageId: `dashboard:${session.id}:${nonce}`, talkerId: session.sender.id, talkerName: session.sender.name, text: `撤销 ${contact}` }, { keep: () => false })
    await audit(deps, session, 'dashboard-action', `撤销 ${contact}`)
    return backWithNotice(c, deps, '/people', replies === null ? '这一步已经办过了。' : replies.map((r) => r.text).join('\n') || '已提交。')
  })
}
