import { html, raw } from 'hono/html'

type Content = ReturnType<typeof html>

// A phone's browser first (WeChat's own included): one column, large touch targets, no script.
const STYLE = `
body{font-family:"PingFang SC","Noto Sans SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f6f6f4;font-size:17px;line-height:1.5}
header{background:#b3261e;color:#fff;padding:12px 16px}header strong{font-size:19px}header div{font-size:14px;opacity:.9}
main{padding:12px 16px 32px;max-width:560px;margin:0 auto}
label{display:block;margin:14px 0 4px;font-weight:bold}.hint{font-weight:normal;color:#666;font-size:14px}
textarea,input[type=text],input[type=tel]{width:100%;box-sizing:border-box;font-size:17px;padding:10px;border:1px solid #bbb;border-radius:6px;background:#fff}
textarea{min-height:120px}
button{display:block;width:100%;margin-top:18px;padding:12px;font-size:18px;border:0;border-radius:6px;background:#b3261e;color:#fff}
button.plain{background:#fff;color:#b3261e;border:1px solid #b3261e}
.box{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px;margin:12px 0;white-space:pre-wrap}
.notice{background:#fff6d6;border:1px solid #e6c200;border-radius:6px;padding:10px 12px;margin:12px 0}
.error{background:#fde8e6;border:1px solid #b3261e;border-radius:6px;padding:10px 12px;margin:12px 0}
.privacy{font-size:14px;color:#555}.consent{display:flex;gap:8px;align-items:flex-start;font-weight:normal}
.consent input{width:22px;height:22px;margin-top:2px}.code{font-size:28px;letter-spacing:4px;font-weight:bold}
.trap{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
`

/** A whole page for residents: the station's name on top, nothing of the staff's dashboard. */
export function residentPage(title: string, station: string, body: Content): Content {
  return html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" /><meta name="referrer" content="no-referrer" /><title>${title} · ${station}</title>
<style>${raw(STYLE)}</style></head>
<body><header><strong>${title}</strong><div>${station} · 红管家</div></header><main>${body}</main></body>
</html>`
}

/** What a resident may fill in, as they filled it (given back when something has to be corrected). */
export interface ReportFields {
  text: string
  unit: string
  room: string
  phone: string
  name: string
}

export const EMPTY_FIELDS: ReportFields = { text: '', unit: '', room: '', phone: '', name: '' }

export interface ReportFormView {
  station: string
  /** "3栋" or "全小区". */
  place: string
  action: string
  token: string
  hotline: string | null
  retentionDays: number
  error?: string
  fields?: ReportFields
}

/** 扫码报事: describe the problem, optionally a photo, where, a phone and a name; the privacy notice and consent. */
export function reportFormPage(v: ReportFormView): Content {
  const f = v.fields ?? EMPTY_FIELDS
  return residentPage('扫码报事', v.station, html`
<p>${v.place}的居民：有什么问题请写在下面，工作人员会尽快处理。${v.hotline ? html`急事请直接打 <a href="tel:${v.hotline}">${v.hotline}</a>。` : ''}</p>
${v.error ? html`<div class="error" role="alert">${v.error}</div>` : ''}
<form method="post" action="${v.action}" enctype="multipart/form-data">
  <input type="hidden" name="form" value="${v.token}" />
  <div class="trap" aria-hidden="true"><label>网址<input type="text" name="website" tabindex="-1" autocomplete="off" /></label></div>
  <label for="text">遇到了什么问题 <span class="hint">（必填，例如：2单元电梯停在5楼不动了）</span></label>
  <textarea id="text" name="text" maxlength="500" required>${f.text}</textarea>
  <label for="photo">照片 <span class="hint">（可不传，小于 2 MB）</span></label>
  <input id="photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp,image/gif" />
  <label for="unit">单元 <span class="hint">（可不填）</span></label>
  <input id="unit" type="text" name="unit" maxlength="6" value="${f.unit}" />
  <label for="room">门牌号 <span class="hint">（可不填，只有工作人员看得到）</span></label>
  <input id="room" type="text" name="room" maxlength="8" inputmode="numeric" value="${f.room}" />
  <label for="phone">手机号 <span class="hint">（可不填，方便工作人员联系您）</span></label>
  <input id="phone" type="tel" name="phone" maxlength="13" inputmode="tel" value="${f.phone}" />
  <label for="name">怎么称呼您 <span class="hint">（可不填，别人只看到您的姓）</span></label>
  <input id="name" type="text" name="name" maxlength="12" value="${f.name}" />
  <p class="privacy">我们保存您写的内容、照片、单元门牌、手机号和称呼，只用来处理这件事。工作人员看得到；楼栋群里只说“有居民扫码反映”和问题的种类、楼栋，不说您是谁、住哪、原话。事情办完 ${v.retentionDays} 天后自动删除；也可以随时在您的工单页点“删除我的信息”。</p>
  <label class="consent"><input type="checkbox" name="consent" value="yes" required /> 我已阅读并同意上面的说明</label>
  <button type="submit">提交</button>
</form>`)
}

export interface ResidentCaseView {
  station: string
  number: number
  status: string
  history: string
  followCode: string
  action: string
  /** The case is done: the resident may rate it. */
  canRate: boolean
  /** A form's nonce: each submission is one. */
  nonce: string
  notice?: string | null
  firstVisit: boolean
}

/** The resident's own page for their case: where it stands, its steps, and what they can do. */
export function residentCasePage(v: ResidentCaseView): Content {
  return residentPage(`工单 #${v.number}`, v.station, html`
${v.firstVisit ? html`<div class="notice"><strong>已收到，工单号 #${v.number}。</strong>请把这一页加入收藏或截图保存：以后打开这个链接就能看到进展，别人没有这个链接看不到。</div>` : ''}
${v.notice ? html`<div class="notice" role="status">${v.notice}</div>` : ''}
<div class="box">${v.status}</div>
<details><summary>办理经过</summary><div class="box">${v.history}</div></details>
${v.canRate ? html`<form method="post" action="${v.action}/rate">
  <input type="hidden" name="nonce" value="${v.nonce}" />
  <label>这件事办得您满意吗？</label>
  <input type="text" name="comment" maxlength="200" placeholder="想说的话（可不填）" />
  <button type="submit" name="rating" value="满意">满意</button>
  <button type="submit" name="rating" value="不满意" class="plain">不满意（重新办理）</button>
</form>` : ''}
<form method="post" action="${v.action}/note" enctype="multipart/form-data">
  <input type="hidden" name="nonce" value="${v.nonce}" />
  <label for="note">补充说明 <span class="hint">（情况有变化、想补充的话）</span></label>
  <textarea id="note" name="note" maxlength="300" required></textarea>
  <label for="photo">照片 <span class="hint">（可不传，小于 2 MB）</span></label>
  <input id="photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp,image/gif" />
  <button type="submit" class="plain">提交补充</button>
</form>
<p>在微信里也想收到进展？在楼栋群里或私聊红管家发：</p>
<p class="code">关注 ${v.followCode}</p>
<form method="post" action="${v.action}/forget">
  <input type="hidden" name="nonce" value="${v.nonce}" />
  <button type="submit" class="plain">删除我的信息</button>
</form>`)
}

/** A short page for residents that says what happened, and nothing more. */
export const residentMessagePage = (station: string, title: string, text: string): Content => residentPage(title, station, html`<p>${text}</p>`)

/** 删除我的信息 asks once more before anything goes. */
export const forgetConfirmPage = (station: string, action: string, nonce: string): Content => residentPage('删除我的信息', station, html`
<p>删除后，您写的内容、照片、门牌、手机号和称呼都会删掉，这一页也打不开了；工单编号和统计数字保留。确定删除吗？</p>
<form method="post" action="${action}"><input type="hidden" name="nonce" value="${nonce}" /><input type="hidden" name="confirm" value="yes" /><button type="submit">确定删除</button></form>`)
