import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context, Hono } from 'hono'
import type { GroupInfo } from '../../handlers/context.js'
import type { GroupKind } from '../../handlers/community/vocabulary.js'
import { pictureTypeOfBytes } from '../../handlers/cases/attach-photo.js'
import { caseHistoryText, caseStatusText } from '../../handlers/cases/case-texts.js'
import { latestNote } from '../../handlers/cases/case-store.js'
import { isUniqueViolation } from '../../handlers/db-errors.js'
import { keepResidentPhoto, WEB_CONTACT, webReportText } from '../../handlers/report-page/web-report.js'
import { addCaseNote } from '../db/statements/conversation.js'
import { handleOutsideCommand, MAX_PICTURE_BYTES } from '../inbound/handle-incoming.js'
import { processStored } from '../inbound/process-stored.js'
import type { DashboardDeps, DashboardEnv } from './deps.js'
import { forgetConfirmPage, reportFormPage, residentCasePage, residentMessagePage, type ReportFields } from './pages/report.js'
import { RateLimit } from './rate-limit.js'

/** Reports one address or one code may send in an hour. */
export const REPORTS_PER_HOUR = 5
/** How long a form the page gave out may be sent. */
const FORM_HOURS = 6
/** The letters of a 关注 code: no 0/O, 1/I/L. */
const CODE_LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url')

/** The key that signs the page's forms, made once per community and kept in the database (every process signs alike). */
async function formKeyOf(deps: DashboardDeps): Promise<string> {
  const { db, community } = deps
  const row = await db.community.findUniqueOrThrow({ where: { id: community.id }, select: { formKey: true } })
  if (row.formKey) return row.formKey
  await db.community.updateMany({ where: { id: community.id, formKey: null }, data: { formKey: randomBytes(32).toString('base64url') } })
  return (await db.community.findUniqueOrThrow({ where: { id: community.id }, select: { formKey: true } })).formKey!
}

const signature = (key: string, slug: string, nonce: string, issued: string) => createHmac('sha256', key).update(`${slug}|${nonce}|${issued}`).digest('base64url')

/** A form for this code: a nonce (the submission's identity), when it was given, and the signature of both. */
const newFormToken = (key: string, slug: string, now: Date) => {
  const nonce = randomBytes(12).toString('base64url')
  const issued = String(now.getTime())
  return `${nonce}.${issued}.${signature(key, slug, nonce, issued)}`
}

/** The nonce of a form this page gave out for this code within FORM_HOURS, or null for a forged or stale one. */
function formNonce(key: string, slug: string, token: string, now: Date): string | null {
  const [nonce, issued, sig] = token.split('.')
  if (!nonce || !issued || !sig || !/^[\w-]{16}$/.test(nonce) || !/^\d{10,16}$/.test(issued)) return null
  const expected = Buffer.from(signature(key, slug, nonce, issued))
  const given = Buffer.from(sig)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  const age = now.getTime() - Number(issued)
  return age >= 0 && age <= FORM_HOURS * 3600_000 ? nonce : null
}

const field = (value: unknown, max: number) => (typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max) : '')

/** The form's fields, checked: what is wrong, in a sentence a resident understands, or the fields. */
function checkFields(body: Record<string, unknown>): { error: string; fields: ReportFields } | { fields: ReportFields } {
  const fields: ReportFields = {
    text: field(body.text, 500).replace(/\s+/g, ' '),
    unit: field(body.unit, 6),
    room: field(body.room, 8),
    phone: field(body.phone, 13).replace(/[\s-]/g, ''),
    name: field(body.name, 12),
  }
  if ([...fields.text].length < 4) return { error: '请把遇到的问题写清楚一些（至少 4 个字）。', fields }
  if (fields.unit && !/^[0-9一二三四五六七八九十A-Za-z]{1,3}(单元)?$/.test(fields.unit)) return { error: '单元请写数字，例如 2。', fields }
  if (fields.room && !/^[0-9A-Za-z-]{1,8}$/.test(fields.room)) return { error: '门牌号请写数字，例如 502。', fields }
  if (fields.phone && !/^(1[3-9]\d{9}|0\d{2,3}\d{7,8})$/.test(fields.phone)) return { error: '手机号好像不对，请核对（也可以不填）。', fields }
  if (body.consent !== 'yes') return { error: '请勾选“我已阅读并同意上面的说明”再提交。', fields }
  return { fields }
}

/**
 * 扫码报事: the report page behind each lobby's QR code, and each reporter's private page for their
 * case. No login: the code's slug says which building; the case page's link is the reporter's key
 * (only its hash is kept). Every submission goes through the chat's own path (stored first, then
 * read and registered as a report in the building's group). Served before the staff's login.
 */
export function addReportRoutes(app: Hono<DashboardEnv>, deps: DashboardDeps, address: (c: Context) => string): void {
  const { db, community, clock, log } = deps
  const config = community.config
  const station = config.community
  const byAddress = new RateLimit(REPORTS_PER_HOUR, 3600_000)
  const byCode = new RateLimit(REPORTS_PER_HOUR, 3600_000)
  const notes = new RateLimit(20, 3600_000)
  const message = (c: Context, title: string, text: string, status: 200 | 400 | 403 | 404 | 410 | 413 | 429 = 200) => c.html(residentMessagePage(station, title, text), status)

  const codeOf = async (slug: string) => {
    const code = /^[\w-]{16,40}$/.test(slug) ? await db.reportCode.findUnique({ where: { slug } }) : null
    return code && code.communityId === community.id ? code : null
  }
  const gone = (c: Context) => message(c, '这个二维码已停用', `这个二维码已经停用了。请扫描楼道里新贴的二维码${config.publicNumbers[0] ? `，或打电话 ${config.publicNumbers[0]}` : ''}。`, 410)
  const form = async (c: Context, slug: string, building: string | null, extra: { error?: string; fields?: ReportFields } = {}, status: 200 | 400 | 413 | 429 = 200) =>
    c.html(
      reportFormPage({
        station, place: building ? `${building}栋` : '小区', action: `/r/${slug}`, token: newFormToken(await formKeyOf(deps), slug, clock.now()),
        hotline: config.publicNumbers[0] ?? null, retentionDays: config.retentionDays, ...extra,
      }),
      status,
    )

  app.get('/r/:slug', async (c) => {
    const code = await codeOf(c.req.param('slug'))
    if (!code) return message(c, '没有这个二维码', '没有找到这个二维码，请核对后再扫。', 404)
    if (code.revokedAt) return gone(c)
    return form(c, code.slug, code.building)
  })

  app.post('/r/:slug', async (c) => {
    const code = await codeOf(c.req.param('slug'))
    if (!code) return message(c, '没有这个二维码', '没有找到这个二维码，请核对后再扫。', 404)
    if (code.revokedAt) return gone(c)
    const body = await c.req.parseBody()
    const nonce = formNonce(await formKeyOf(deps), code.slug, String(body.form ?? ''), clock.now())
    if (!nonce) return form(c, code.slug, code.building, { error: '这张表已经过期了，请重新填写后提交。' }, 400)
    // A field no person sees: filled in, it was a program. It is told "thank you" and nothing is kept.
    if (field(body.website, 200)) return message(c, '已提交', '谢谢，已收到。')
    const checked = checkFields(body)
    if ('error' in checked) return form(c, code.slug, code.building, checked, 400)
    const upload = body.photo instanceof File && body.photo.size > 0 ? body.photo : null
    if (upload && upload.size > MAX_PICTURE_BYTES) return form(c, code.slug, code.building, { error: '照片超过 2 MB 了，请换一张小一点的（或不传照片）。', fields: checked.fields }, 413)
    const photo = upload ? new Uint8Array(await upload.arrayBuffer()) : null
    if (photo && !pictureTypeOfBytes(photo)) return form(c, code.slug, code.building, { error: '只能传照片（JPG、PNG、WebP、GIF）。', fields: checked.fields }, 400)
    const now = clock.now()
    if (!byAddress.allow(address(c), now.getTime()) || !byCode.allow(code.slug, now.getTime())) {
      return message(c, '请稍后再试', `这一小时提交得太多了，请过一会儿再试。${config.publicNumbers[0] ? `急事请打 ${config.publicNumbers[0]}。` : ''}`, 429)
    }
    const { fields } = checked
    const group = await groupFor(deps, code.building)
    if (!group) {
      log.error({ building: code.building }, 'report page: no group of this community to register a report in')
      return message(c, '暂时不能提交', `系统还没有配置好，暂时不能在这里提交。${config.publicNumbers[0] ? `请打 ${config.publicNumbers[0]}。` : ''}`, 400)
    }
    const token = randomBytes(24).toString('base64url')
    const contactId = `${WEB_CONTACT}${randomBytes(9).toString('base64url')}`
    const wechatId = `web:${nonce}`
    const text = webReportText({ text: fields.text, building: code.building, unit: fields.unit.replace(/单元$/, '') || null, room: fields.room || null })
    let stored
    try {
      stored = await db.$transaction(async (tx) => {
        await tx.webReporter.create({
          data: { communityId: community.id, contactId, tokenHash: sha256(token), followCode: await freeFollowCode(tx, community.id), codeId: code.id, phone: fields.phone || null, name: fields.name || null, createdAt: now },
        })
        return tx.inboundMessage.create({
          data: {
            communityId: community.id, wechatId, roomId: null, groupId: group.id, talkerId: contactId, talkerName: fields.name || '扫码居民', text, kind: 'web',
            receivedAt: now, fileName: upload ? upload.name.slice(0, 80) || 'photo.jpg' : null, fileData: photo ? Buffer.from(photo) : null,
          },
        })
      })
    } catch (error) {
      // The same form sent again (a double tap, the back button): it was one report.
      if (isUniqueViolation(error)) return message(c, '已经提交过了', '这张表已经提交过了，不会重复登记。请打开提交后看到的工单页查看进展。')
      throw error
    }
    await processStored(deps.inbound, stored, group, false)
    return c.redirect(`/c/${token}?new=1`, 303)
  })

  /** The reporter of a private page, by the page's token. */
  const reporterOf = async (token: string) => {
    const reporter = /^[\w-]{32}$/.test(token) ? await db.webReporter.findUnique({ where: { tokenHash: sha256(token) } }) : null
    return reporter && reporter.communityId === community.id ? reporter : null
  }
  const caseOf = async (reporter: { caseId: number | null }) => (reporter.caseId === null ? null : db.case.findUnique({ where: { id: reporter.caseId } }))
  const noPage = (c: Context) => message(c, '没有这一页', '没有找到这件工单。请打开提交后看到的那个链接。', 404)

  app.get('/c/:token', async (c) => {
    const token = c.req.param('token')
    const reporter = await reporterOf(token)
    if (!reporter) return noPage(c)
    if (reporter.erasedAt) return message(c, '信息已删除', '您的个人信息已经删除。工单编号和统计数字保留，但不再与您有关。')
    const caseRow = await caseOf(reporter)
    if (!caseRow) return message(c, '已收到', '已收到您的反映，正在登记，请过一会儿刷新这一页。')
    const viewer = { id: reporter.contactId, staff: false, inGroup: false }
    const events = await db.caseEvent.findMany({ where: { caseId: caseRow.id }, orderBy: { id: 'asc' } })
    const status = caseRow.state === 'suspected'
      ? `#${caseRow.number} 已收到，工作人员确认后开始处理。`
      : caseStatusText(caseRow, await latestNote(db, caseRow.id, true), clock, config, viewer)
    const notice = SAID[c.req.query('said') ?? ''] ?? null
    return c.html(residentCasePage({
      station, number: caseRow.number, status, history: caseHistoryText(caseRow, events, config, viewer), followCode: reporter.followCode, action: `/c/${token}`,
      canRate: caseRow.state === 'resolved', nonce: randomBytes(12).toString('base64url'), notice, firstVisit: c.req.query('new') === '1',
    }))
  })

  // What the case page's forms do: each as the reporter's own chat command or note, once per form.
  const pageAction = async (c: Context, run: (reporter: NonNullable<Awaited<ReturnType<typeof reporterOf>>>, caseRow: NonNullable<Awaited<ReturnType<typeof caseOf>>>, body: Record<string, unknown>, nonce: string) => Promise<Response>) => {
    const token = c.req.param('token') ?? ''
    const reporter = await reporterOf(token)
    if (!reporter || reporter.erasedAt) return noPage(c)
    const caseRow = await caseOf(reporter)
    const body = await c.req.parseBody()
    const nonce = field(body.nonce, 40)
    if (!caseRow || !/^[\w-]{16}$/.test(nonce)) return message(c, '无法处理', '这一步没有成功，请回到工单页重试。', 400)
    if (!notes.allow(reporter.contactId, clock.now().getTime())) return message(c, '请稍后再试', '这一小时提交得太多了，请过一会儿再试。', 429)
    return run(reporter, caseRow, body, nonce)
  }
  const asReporter = (reporter: { contactId: string; name: string | null }, nonce: string, text: string) =>
    handleOutsideCommand(deps.inbound, { messageId: `web:${reporter.contactId}:${nonce}`, talkerId: reporter.contactId, talkerName: reporter.name ?? '扫码居民', text }, { keep: () => true })

  app.post('/c/:token/rate', (c) =>
    pageAction(c, async (reporter, caseRow, body, nonce) => {
      const rating = body.rating === '不满意' ? '不满意' : '满意'
      const replies = await asReporter(reporter, nonce, `评价 #${caseRow.number} ${rating} ${field(body.comment, 200)}`.trim())
      const said = replies === null ? 'again' : rating === '不满意' ? 'reopened' : 'rated'
      return c.redirect(`/c/${c.req.param('token')}?said=${said}`, 303)
    }),
  )

  app.post('/c/:token/note', (c) =>
    pageAction(c, async (reporter, caseRow, body, nonce) => {
      const note = field(body.note, 300).replace(/\s+/g, ' ')
      if ([...note].length < 2) return c.redirect(`/c/${c.req.param('token')}`, 303)
      const upload = body.photo instanceof File && body.photo.size > 0 ? body.photo : null
      const photo = upload && upload.size <= MAX_PICTURE_BYTES ? new Uint8Array(await upload.arrayBuffer()) : null
      const at = clock.now()
      await addCaseNote(deps.inbound.database.sql, { caseId: caseRow.id, actorId: reporter.contactId, actorName: reporter.name ?? '扫码居民', state: caseRow.state, note, at, sourceMessage: `web:${reporter.contactId}:${nonce}`, appendToText: false })
      const kept = photo ? await keepResidentPhoto(db, { communityId: community.id, caseId: caseRow.id, messageId: `web:${reporter.contactId}:${nonce}:photo`, contactId: reporter.contactId, name: upload!.name, data: photo, at }) : false
      const said = upload && !kept ? 'note-no-photo' : 'note'
      return c.redirect(`/c/${c.req.param('token')}?said=${said}`, 303)
    }),
  )

  app.post('/c/:token/forget', (c) =>
    pageAction(c, async (reporter, _caseRow, body, nonce) => {
      if (body.confirm !== 'yes') {
        return c.html(forgetConfirmPage(station, `/c/${c.req.param('token')}/forget`, nonce))
      }
      await asReporter(reporter, nonce, '删除我的信息')
      return message(c, '信息已删除', '已删除您的个人信息（写的内容、照片、门牌、手机号和称呼）。工单编号和统计数字保留，但不再与您有关。')
    }),
  )
}

/** What the page says once after an action, by a word in its address: only these, so a link can make it say nothing else. */
const SAID: Record<string, string> = {
  rated: '已收到您的评价，谢谢。',
  reopened: '已收到。这件事已重新打开，工作人员会再处理。',
  note: '补充说明已收到，工作人员处理时能看到。',
  'note-no-photo': '补充说明已收到；附件不是照片或超过了 2 MB，没有附上。',
  again: '这一步已经办过了。',
}

/** A 关注 code no other reporter of the community holds. */
async function freeFollowCode(tx: Pick<DashboardDeps['db'], 'webReporter'>, communityId: number): Promise<string> {
  for (;;) {
    const bytes = randomBytes(6)
    const code = [...bytes].map((b) => CODE_LETTERS[b % CODE_LETTERS.length]).join('')
    if (!(await tx.webReporter.findFirst({ where: { communityId, followCode: code }, select: { id: true } }))) return code
  }
}

/** The group a code's reports are registered in: its building's group, else the station's. */
async function groupFor(deps: DashboardDeps, building: string | null): Promise<GroupInfo | null> {
  const where = { communityId: deps.community.id, leftAt: null }
  const row = (building ? await deps.db.chatGroup.findFirst({ where: { ...where, kind: 'building', building }, orderBy: { id: 'asc' } }) : null)
    ?? (await deps.db.chatGroup.findFirst({ where: { ...where, kind: 'station' }, orderBy: { id: 'asc' } }))
    ?? (await deps.db.chatGroup.findFirst({ where: { ...where, kind: 'building' }, orderBy: { id: 'asc' } }))
  return row ? { id: row.id, roomId: row.roomId, topic: row.topic, kind: row.kind as GroupKind, building: row.building } : null
}
