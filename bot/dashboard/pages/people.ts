import { html } from 'hono/html'
import { buildingText } from '../../../handlers/cases/case-texts.js'
import { roleWords } from '../../../handlers/members/bind-member.js'
import type { Db } from '../../../handlers/context.js'
import type { Session } from '../sessions.js'

/**
 * 人员: who holds a role, from the community file or an invite code. A secretary may revoke a role
 * given by invite code (the chat's 撤销); roles from the file are changed in the file.
 */
export async function peoplePage(db: Db, communityId: number, session: Session, mayRevoke: boolean, nonce: () => string, notice: string | null) {
  const members = await db.member.findMany({ where: { communityId, roles: { not: '' } }, orderBy: [{ source: 'asc' }, { name: 'asc' }] })
  const rows = members.map(
    (m) => html`<tr><td>${m.name}</td><td>${roleWords(m.roles)}</td><td>${m.buildings.split(',').filter(Boolean).map(buildingText).join('、') || '—'}</td>
      <td>${m.source === 'config' ? '配置文件' : '邀请码'}</td>
      <td>${mayRevoke && m.source !== 'config'
        ? html`<form method="post" action="/people/revoke"><input type="hidden" name="_csrf" value="${session.csrf}" /><input type="hidden" name="nonce" value="${nonce()}" /><input type="hidden" name="contact" value="${m.contactId}" /><button type="submit">撤销身份</button></form>`
        : ''}</td></tr>`,
  )
  return html`${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
    <table><thead><tr><th>名字</th><th>身份</th><th>楼栋</th><th>来自</th><th></th></tr></thead><tbody>${rows}</tbody></table>
    <p class="muted">配置文件里的人要从配置文件的 members 里删去，重启后生效；邀请码绑定的，书记、站长可以在这里或私聊发「撤销 名字」撤销，他的看板登录随即失效。</p>`
}
