import { html } from 'hono/html'
import type { HandlerContext } from '../../../handlers/context.js'
import { hoursRanking, showRoster } from '../../../handlers/volunteers/volunteer-commands.js'

/** 志愿者: the coming Red Saturday's roster by building and this year's hours (the honour roll), as the chat gives them. */
export async function volunteersPage(ctx: HandlerContext) {
  const [roster, ranking] = await Promise.all([showRoster(ctx), hoursRanking(ctx)])
  return html`<h2>这次红周六</h2><pre data-section="roster">${roster.map((r) => r.text).join('\n')}</pre>
    <h2>今年的服务时长（光荣榜）</h2><pre data-section="hours">${ranking.map((r) => r.text).join('\n')}</pre>`
}
