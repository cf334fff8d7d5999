import type { Prisma } from '../../generated/prisma/client.js'
import { html } from 'hono/html'
import { categoryName, locationText } from '../../../handlers/cases/case-texts.js'
import type { Db, Community } from '../../../handlers/context.js'
import { maskPersonalData } from '../../../handlers/mask.js'
import { momentText } from '../../../handlers/time.js'
import type { Session } from '../sessions.js'

/** 待确认: the suspected reports (疑似反映), each with 确认, 不是 and a correction, as the chat's commands. */
export async function triagePage(db: Db, community: Community, session: Session, nonce: () => string, notice: string | null, scope: Prisma.CaseWhereInput | null) {
  const { timezone, publicNumbers } = community.config
  const suspected = await db.case.findMany({ where: { communityId: community.id, state: 'suspected', ...(scope ?? {}) }, orderBy: { number: 'asc' }, take: 100 })
  const form = (number: number, word: string, label: string, field?: string) => html`<form method="post" action="/cases/${number}/action">
      <input type="hidden" name="_csrf" value="${session.csrf}" /><input type="hidden" name="nonce" value="${nonce()}" /><input type="hidden" name="word" value="${word}" />
      <input type="hidden" name="back" value="/triage" />
      ${field ? html`<input type="text" name="note" placeholder="${field}" aria-label="#${number} ${label}" />` : ''}<button type="submit">${label}</button></form>`
  const items = suspected.map(
    (c) => html`<div class="card"><p><strong>#${c.number}</strong> ${categoryName(c.category)}｜${locationText(c, true)}｜${c.urgency === 'urgent' ? '紧急｜' : ''}${momentText(c.createdAt, timezone)}</p>
      <p>${maskPersonalData(c.text, publicNumbers)}</p>
      <div class="actions">${form(c.number, '确认', '是反映，确认')}${form(c.number, '不是', '不是反映')}${form(c.number, '改', '更正', '类别 电梯 / 紧急 / 位置 3栋2单元501')}</div></div>`,
  )
  const shown = notice ? html`<div class="notice" role="status">${notice}</div>` : ''
  return suspected.length === 0 ? html`${shown}<p>没有待确认的疑似反映。</p>` : html`${shown}<p class="muted">模型拿不准的消息：确认后才告知居民、计入工单和三率；不是就排除，不回复。</p><div class="cards">${items}</div>`
}
