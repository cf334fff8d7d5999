import { html } from 'hono/html'
import { categoryName, locationText } from '../../../handlers/cases/case-texts.js'
import { latestNote } from '../../../handlers/cases/case-store.js'
import type { Community, Db } from '../../../handlers/context.js'
import { maskForOthers } from '../../../handlers/mask.js'
import { addLocalDays, localDateKey, localParts, startOfLocalDay } from '../../../handlers/time.js'
import type { Session } from '../sessions.js'

/** This month's 公示: the cases resolved and the service items crossed off, with nothing personal in them. */
export async function noticeOf(db: Db, community: Community, now: Date): Promise<{ title: string; lines: string[] }> {
  const { timezone: tz, publicNumbers } = community.config
  const { year, month, day } = localParts(now, tz)
  const from = addLocalDays(startOfLocalDay(now, tz), 1 - day, tz)
  const [cases, items] = await Promise.all([
    db.case.findMany({ where: { communityId: community.id, resolvedAt: { gte: from, lte: now } }, orderBy: { resolvedAt: 'asc' }, take: 200 }),
    db.serviceItem.findMany({ where: { communityId: community.id, doneAt: { gte: from, lte: now } }, orderBy: { doneAt: 'asc' }, take: 200 }),
  ])
  const caseLines = await Promise.all(
    cases.map(async (c) => {
      const note = await latestNote(db, c.id, true)
      // The place without the room, the staff's words with every personal detail masked.
      return `#${c.number} ${categoryName(c.category)}｜${locationText(c)}｜${localDateKey(c.resolvedAt!, tz).slice(5)} 办结${note ? `：${maskForOthers(note, publicNumbers)}` : ''}`
    }),
  )
  const itemLines = items.map((i) => `${i.title}（${i.party}）｜${localDateKey(i.doneAt!, tz).slice(5)} 销号${i.doneNote ? `：${maskForOthers(i.doneNote, publicNumbers)}` : ''}`)
  const lines = [
    `本月已办结 ${cases.length} 件居民反映：`, ...(caseLines.length ? caseLines : ['（暂无）']),
    '', `物业服务项目清单本月销号 ${items.length} 项：`, ...(itemLines.length ? itemLines : ['（暂无）']),
    '', `${community.config.community} 党群服务驿站 ${year}年${month}月${day}日`,
  ]
  return { title: `${community.config.community} ${month}月问题化解情况公示`, lines }
}

/** 公示: laid out for A4, and a form that posts it as a picture to the chosen building groups. */
export async function noticePage(db: Db, community: Community, session: Session, nonce: string, notice: string | null, now: Date) {
  const { title, lines } = await noticeOf(db, community, now)
  const groups = await db.chatGroup.findMany({ where: { communityId: community.id, kind: 'building', leftAt: null }, orderBy: { topic: 'asc' } })
  return html`<style>@page{size:A4;margin:15mm}.a4{background:#fff;max-width:180mm;padding:12mm;border:1px solid #ddd}.a4 h2{text-align:center;color:#b3261e}
      @media print{.a4{border:none;padding:0}}</style>
    ${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
    <section class="a4" data-section="notice"><h2>${title}</h2>${lines.map((l) => (l ? html`<p>${l}</p>` : html`<br />`))}</section>
    <form method="post" action="/notice/post" class="actions"><input type="hidden" name="_csrf" value="${session.csrf}" /><input type="hidden" name="nonce" value="${nonce}" />
      <p>发到这些楼栋群（作为一张图片，经发件箱逐个发出）：</p>
      ${groups.map((g) => html`<label><input type="checkbox" name="room" value="${g.roomId}" checked />${g.topic}</label> `)}
      <button type="submit">发到所选的群</button></form>`
}
