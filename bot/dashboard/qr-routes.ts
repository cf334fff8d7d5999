import { randomBytes } from 'node:crypto'
import type { Hono } from 'hono'
import { html, raw } from 'hono/html'
import QRCode from 'qrcode'
import { isSecretary } from '../../handlers/context.js'
import { refusalPage } from './pages/layout.js'
import type { DashboardDeps, DashboardEnv, RouteTools } from './deps.js'

/** A code's slug: 128 random bits, nothing to guess or count through. */
const newSlug = () => randomBytes(16).toString('base64url')

const placeOf = (building: string | null) => (building ? `${building}栋` : '全小区')

/**
 * 二维码: one report-page code per building (from the community file's building groups) and one for
 * the whole estate, each printed as an A5 poster; a secretary issues, reissues (the old one then
 * shows a polite page) and revokes them. Everyone on the dashboard may print.
 */
export function addQrRoutes(app: Hono<DashboardEnv>, deps: DashboardDeps, { audit, view, newNonce, backWithNotice, takeNotice }: RouteTools): void {
  const { db, community, clock } = deps
  const config = community.config
  const buildings = [...new Set(config.groups.flatMap((g) => (g.kind === 'building' && g.building ? [g.building] : [])))]
  const reportUrl = (slug: string) => `${deps.inbound.ports.dashboardUrl ?? ''}/r/${slug}`

  app.get('/qr', async (c) => {
    const session = c.get('session')
    const codes = await db.reportCode.findMany({ where: { communityId: community.id, revokedAt: null }, orderBy: { id: 'asc' } })
    const notice = await takeNotice(deps, session)
    const secretary = isSecretary(session.sender)
    const rows = [null, ...buildings].map((building) => {
      const code = codes.find((k) => k.building === building)
      const form = (action: string, label: string) =>
        html`<form method="post" action="/qr" style="display:inline"><input type="hidden" name="_csrf" value="${session.csrf}" /><input type="hidden" name="nonce" value="${newNonce()}" /><input type="hidden" name="building" value="${building ?? ''}" /><input type="hidden" name="do" value="${action}" /><button type="submit">${label}</button></form>`
      return html`<tr><td>${placeOf(building)}</td><td>${code ? html`<a href="/qr/${code.id}/poster">打印海报</a>` : html`<span class="muted">还没有</span>`}</td>
        <td>${code ? html`<code>${reportUrl(code.slug)}</code>` : ''}</td>
        <td>${secretary ? (code ? html`${form('reissue', '换新码')} ${form('revoke', '停用')}` : form('issue', '生成')) : ''}</td></tr>`
    })
    return view(c, '扫码报事', html`${notice ? html`<div class="notice">${notice}</div>` : ''}
      <p>每栋楼一个二维码，另有一个全小区的。居民扫码就能报事，不用进群、不用登录；照样登记、派单、计入三率。换新码或停用后，旧码打开只会看到“已停用”。</p>
      <table><tr><th>范围</th><th>海报（A5）</th><th>地址</th><th></th></tr>${rows}</table>`)
  })

  app.post('/qr', async (c) => {
    const session = c.get('session')
    if (!isSecretary(session.sender)) return c.html(refusalPage('不能操作', '只有书记或站长可以生成、更换或停用二维码。'), 403)
    const body = await c.req.parseBody()
    const building = String(body.building ?? '') || null
    if (building !== null && !buildings.includes(building)) return c.html(refusalPage('无法处理', '没有这栋楼，请回到二维码页面重试。'), 400)
    const action = String(body.do ?? '')
    const now = clock.now()
    const current = await db.reportCode.findFirst({ where: { communityId: community.id, building, revokedAt: null } })
    if (action === 'revoke' || action === 'reissue') {
      if (current) await db.reportCode.update({ where: { id: current.id }, data: { revokedAt: now } })
    }
    if ((action === 'issue' && !current) || action === 'reissue') {
      await db.reportCode.create({ data: { communityId: community.id, slug: newSlug(), building, createdAt: now } })
    }
    const said = action === 'revoke' ? '已停用' : action === 'reissue' ? '已换新码（旧码已停用，请重新打印张贴）' : '已生成'
    await audit(deps, session, 'dashboard-qr', `${placeOf(building)}二维码${said}`)
    return backWithNotice(c, deps, '/qr', `${placeOf(building)}的二维码${said}。`)
  })

  // The A5 poster: the station, the building, the hotline and the code, ready for the printer.
  app.get('/qr/:id{[0-9]+}/poster', async (c) => {
    const code = await db.reportCode.findUnique({ where: { id: Number(c.req.param('id')) } })
    if (!code || code.communityId !== community.id || code.revokedAt) return c.html(refusalPage('没有这个二维码', '没有这个二维码，或它已经停用。'), 404)
    const svg = await QRCode.toString(reportUrl(code.slug), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
    const hotline = config.publicNumbers[0]
    return c.html(html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8" /><title>扫码报事 · ${placeOf(code.building)}</title>
<style>@page{size:A5;margin:10mm}body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;text-align:center;margin:0;color:#222}
h1{color:#b3261e;font-size:34px;margin:6mm 0 2mm}h2{font-size:22px;margin:0 0 4mm}.qr{width:95mm;margin:0 auto}.qr svg{width:100%;height:auto}
p{font-size:17px;margin:3mm 0}.small{font-size:13px;color:#555}</style></head>
<body><h1>扫码报事</h1><h2>${config.community} · ${placeOf(code.building)}</h2>
<div class="qr">${raw(svg)}</div>
<p>楼道灯不亮、水管漏水、电梯故障……微信扫一扫，写下问题就能报，不用进群。</p>
${hotline ? html`<p>急事请直接打：<strong>${hotline}</strong></p>` : ''}
<p class="small">只有工作人员看得到您的门牌和电话。</p></body></html>`)
  })
}
