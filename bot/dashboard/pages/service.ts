import { html } from 'hono/html'
import { buildingText } from '../../../handlers/cases/case-texts.js'
import { PARTIES } from '../../../handlers/community/vocabulary.js'
import type { Db } from '../../../handlers/context.js'
import { localDateKey } from '../../../handlers/time.js'
import type { Session } from '../sessions.js'

/** 销号: the property service list — what is promised, by whom, for which building, by when — and what was crossed off. */
export async function servicePage(db: Db, communityId: number, timeZone: string, session: Session, nonce: () => string, notice: string | null, now: Date) {
  const items = await db.serviceItem.findMany({ where: { communityId }, orderBy: [{ doneAt: { sort: 'desc', nulls: 'first' } }, { dueOn: 'asc' }], take: 200 })
  const day = (d: Date) => localDateKey(d, timeZone)
  const hidden = html`<input type="hidden" name="_csrf" value="${session.csrf}" /><input type="hidden" name="nonce" value="${nonce()}" />`
  const rows = items.map((item) => {
    const late = !item.doneAt && item.dueOn < now
    const state = item.doneAt
      ? html`已销号 ${day(item.doneAt)}${item.doneNote ? `：${item.doneNote}` : ''}`
      : html`<form method="post" action="/service/${item.id}/done">${hidden}<input type="text" name="note" placeholder="怎么办的" aria-label="${item.title}的销号说明" maxlength="200" /><button type="submit">销号</button></form>`
    return html`<tr data-item="${item.title}"><td>${item.title}</td><td>${item.party}</td><td>${item.building ? buildingText(item.building) : '全小区'}</td>
      <td class="${late ? 'overdue' : ''}">${day(item.dueOn)}${late ? '（已过期）' : ''}</td><td>${state}</td></tr>`
  })
  return html`${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
    <p class="muted">物业服务项目清单：挂图公示，办完一项销一项。<a href="/notice">本月公示（A4）</a></p>
    <form method="post" action="/service" class="filters">${hidden}
      <input name="title" placeholder="服务项目，例如 3栋楼道灯全部更换" aria-label="服务项目" required maxlength="80" size="32" />
      <select name="party" aria-label="责任方">${PARTIES.map((p) => html`<option value="${p}">${p}</option>`)}</select>
      <input name="building" placeholder="楼栋（空着是全小区）" aria-label="楼栋" size="8" maxlength="8" />
      <input type="date" name="due" aria-label="完成期限" required value="${day(now)}" />
      <button type="submit">加入清单</button>
    </form>
    <table><tr><th>服务项目</th><th>责任方</th><th>楼栋</th><th>期限</th><th>销号</th></tr>${rows}</table>`
}
