import { html, raw } from 'hono/html'

type Content = ReturnType<typeof html>

const STYLE = `
body{font-family:"Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f6f6f4}
header{background:#b3261e;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header strong{font-size:18px;margin-right:12px}
header form{margin-left:auto}header button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;padding:2px 10px;cursor:pointer}
main{padding:16px 20px;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ddd;padding:6px 8px;text-align:left;font-size:14px}
th{background:#f0ebe6}.overdue{color:#b3261e;font-weight:bold}.muted{color:#777}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px}
.card dl{display:grid;grid-template-columns:auto auto;gap:4px 12px;margin:0}.card dd{margin:0;font-weight:bold}
pre{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:10px;font-family:inherit}
form.filters{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:12px}
.notice{background:#fff6d6;border:1px solid #e6c200;padding:8px 12px;margin-bottom:12px}
.actions form{display:flex;gap:8px;margin:6px 0}.actions input[type=text]{flex:1}
@media print{header,form,.actions{display:none}body{background:#fff}}
`

/** A whole page: the navigation, and a logout button carrying the session's CSRF token. */
export function page(title: string, body: Content, session?: { csrf: string; name: string }): Content {
  const nav = session
    ? html`<a href="/">总览</a><a href="/wall">挂图</a><a href="/cases">工单</a><a href="/service">销号</a><a href="/notice">公示</a><a href="/triage">待确认</a><a href="/volunteers">志愿者</a><a href="/activities">活动</a><a href="/people">人员</a><a href="/qr">扫码报事</a>
        <span class="muted" style="color:#fde">${session.name}</span>
        <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${session.csrf}" /><button type="submit">退出</button></form>`
    : ''
  return html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width,initial-scale=1" /><title>${title} · 红管家看板</title>
<style>${raw(STYLE)}</style></head>
<body><header><strong>红管家看板</strong>${nav}</header><main><h1>${title}</h1>${body}</main></body>
</html>`
}

/** A short page that says why something cannot be done, and nothing more. */
export const refusalPage = (title: string, text: string): Content => page(title, html`<p>${text}</p>`)
