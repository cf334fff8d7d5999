import { html } from 'hono/html'
import { latestNote, type CaseRow } from '../../../handlers/cases/case-store.js'
import { caseHistoryText, caseStatusText } from '../../../handlers/cases/case-texts.js'
import type { Clock } from '../../../handlers/context.js'
import type { Db, Community } from '../../../handlers/context.js'
import type { Session } from '../sessions.js'

/** The actions of the case page: each the chat command it stands for, with what its text field asks for. */
export const ACTIONS = [
  { word: '受理', label: '受理', placeholder: '' },
  { word: '进展', label: '记进展', placeholder: '已联系维修师傅，明天上午上门' },
  { word: '办结', label: '办结', placeholder: '已更换楼道灯' },
  { word: '转派', label: '转派', placeholder: '物业 / 社区 / 业委会 / 志愿者' },
  { word: '议', label: '提交协商（议）', placeholder: '涉及公共收益使用' },
  { word: '关闭', label: '关闭', placeholder: '重复反映，已合并到 #10' },
] as const

/**
 * One case: its state and whole history exactly as staff read them in a private chat, its
 * co-reporters and rating, and the actions, each carrying the session's CSRF token and a nonce so
 * a form sent twice is applied once.
 */
export async function casePage(db: Db, community: Community, clock: Clock, session: Session, caseRow: CaseRow, notice: string | null, nonce: () => string) {
  const number = caseRow.number
  const viewer = { id: session.sender.id, staff: true, inGroup: false }
  const [events, note, reporters, rating, photos] = await Promise.all([
    db.caseEvent.findMany({ where: { caseId: caseRow.id }, orderBy: { id: 'asc' } }),
    latestNote(db, caseRow.id, false),
    db.caseReporter.findMany({ where: { caseId: caseRow.id }, orderBy: { id: 'asc' } }),
    db.rating.findUnique({ where: { caseId: caseRow.id } }),
    db.casePhoto.findMany({ where: { caseId: caseRow.id }, orderBy: { id: 'asc' }, select: { key: true, source: true } }),
  ])
  const forms = ACTIONS.map(
    (a) => html`<form method="post" action="/cases/${number}/action" enctype="multipart/form-data">
      <input type="hidden" name="_csrf" value="${session.csrf}" /><input type="hidden" name="nonce" value="${nonce()}" /><input type="hidden" name="word" value="${a.word}" />
      ${a.placeholder ? html`<input type="text" name="note" placeholder="${a.placeholder}" maxlength="300" aria-label="${a.label}的内容" />` : ''}
      ${a.word === '办结' ? html`<input type="file" name="photo" accept="image/*" aria-label="办结的照片" />` : ''}
      <button type="submit">${a.label}</button></form>`,
  )
  return html`${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
    <pre data-section="status">${caseStatusText(caseRow, note, clock, community.config, viewer)}</pre>
    <h2>经过</h2><pre data-section="history">${caseHistoryText(caseRow, events, community.config, viewer)}</pre>
    <h2>反映人</h2><p>${reporters.map((r) => r.name).join('、') || '—'}（共 ${reporters.length} 人）</p>
    <h2>照片</h2>${photos.length ? html`<p>${photos.map((p) => html`<img src="/photos/${p.key}" alt="${p.source === 'staff' ? '工作人员办结时的照片' : '居民发来的照片'}" style="max-width:280px;max-height:280px;margin:4px;border:1px solid #ddd" />`)}</p>` : html`<p class="muted">没有照片。居民报事后 10 分钟内在同一个群发的照片会附到工单上。</p>`}
    <h2>评价</h2><p>${rating ? `${rating.score === 'satisfied' ? '满意' : rating.score === 'basic' ? '基本满意' : '不满意'}${rating.comment ? `：${rating.comment}` : ''}` : '还没有评价'}</p>
    <h2>处理</h2><div class="actions">${forms}</div>`
}
