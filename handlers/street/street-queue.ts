import type { CommunityConfig, StreetPart } from '../community/config-schema.js'
import type { Community, Db, HandlerContext, Reply } from '../context.js'
import { privately, replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { findCase, moveCase, type CaseRow } from '../cases/case-store.js'
import { postToCaseGroup } from '../cases/case-replies.js'
import { categoryName, locationText } from '../cases/case-texts.js'
import { addDuration } from '../cases/deadlines.js'
import { isOpen, OPEN_STATES, stateWord, type CaseState } from '../cases/states.js'
import { momentText } from '../time.js'

const SYSTEM = { id: 'system', name: '红管家' }

export type StreetReason = 'overdue' | 'secretary'

/** The street's people holding any of `roles`. */
export const streetPeople = (street: StreetPart, roles: ReadonlyArray<string>) => street.members.filter((m) => m.roles.some((r) => roles.includes(r)))

/** The community's own secretaries (and admins) from its file: they hear of every street step on their cases. */
const communitySecretaries = (config: CommunityConfig) =>
  config.members.filter((m) => m.roles.some((r) => r === 'secretary' || r === 'admin'))

/** What a case in the street's queue is, in one line that names nobody and no room. */
export const streetCaseLine = (config: CommunityConfig, c: Pick<CaseRow, 'number' | 'category' | 'building' | 'unit' | 'room' | 'state'>): string =>
  `${config.community} #${c.number} ${categoryName(c.category)}｜${locationText({ ...c, room: null }, false)}｜${stateWord(c.state)}`

/** The case's new deadlines in the street's hands: its own durations, holiday-aware as everywhere. */
function streetDeadlines(caseRow: CaseRow, street: StreetPart, config: CommunityConfig, now: Date) {
  const respondBy = caseRow.state === 'reported' ? addDuration(now, street.deadlines.respond, config.timezone, config.calendar) : caseRow.respondBy
  return { respondBy, resolveBy: addDuration(now, street.deadlines.resolve, config.timezone, config.calendar) }
}

/** Privately to the street's staff and secretaries: a case entered their queue. */
function tellStreet(config: CommunityConfig, street: StreetPart, caseRow: CaseRow, why: string): Reply[] {
  const departments = street.departments.map((d) => d.name).join('、')
  const text =
    `【街道待办】${streetCaseLine(config, caseRow)}。${why}\n` +
    `请私聊回复「受理 #${caseRow.number}」受理${departments ? `，「交办 #${caseRow.number} ${street.departments[0]!.name}」交给部门（${departments}）` : ''}，` +
    `「进展 #${caseRow.number} 内容」「办结 #${caseRow.number} 结果」照常使用；居民所在的群会听到每一步。`
  return streetPeople(street, ['street_staff', 'street_secretary']).map((m) => privately(m.id, `case-${caseRow.id}:street:${m.id}`, text))
}

const QUEUED_POST = (n: number) => `#${n} 社区协调未果，已提请街道协调处理，街道会继续跟进，进展会在这里告诉大家。`

/**
 * The supervision sweep's part: open cases past twice their resolve deadline enter the street's
 * queue once (a conditional update claims each), with the street's deadlines; the street's people
 * are told privately, the reporters' group hears that the street has it.
 */
export async function queueOverdueForStreet(db: Db, community: Community, now: Date): Promise<Reply[]> {
  const { config } = community
  const street = config.street
  if (!street) return []
  const due = await db.case.findMany({ where: { communityId: community.id, streetAt: null, streetBy: { lt: now }, state: { in: OPEN_STATES } }, orderBy: { id: 'asc' }, take: 200 })
  const replies: Reply[] = []
  for (const c of due) {
    const claimed = await db.case.updateMany({
      where: { id: c.id, streetAt: null },
      data: { streetAt: now, streetReason: 'overdue', ...streetDeadlines(c, street, config, now), overdueAt: null, escalationLevel: 0, updatedAt: now, version: { increment: 1 } },
    })
    if (claimed.count !== 1) continue
    const since = momentText(c.resolveBy, config.timezone)
    await db.caseEvent.create({ data: { caseId: c.id, actorId: SYSTEM.id, actorName: SYSTEM.name, action: 'street', note: `超过办结时限一倍（时限 ${since}），提请街道协调`, at: now } })
    const row = await db.case.findUniqueOrThrow({ where: { id: c.id } })
    replies.push(...tellStreet(config, street, row, `超过办结时限一倍仍未办结（时限 ${since}），自动提请街道协调。`))
    replies.push(...(await postToCaseGroup(db, row, QUEUED_POST(row.number), `case-${row.id}:street`)))
  }
  return replies
}

/** 上报街道 #N 说明: the community's secretary hands a case the community cannot settle to the street. */
export async function escalateToStreet(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, community, db } = ctx
  const street = community.config.street
  if (!street) return [replyHere(msg, '本社区没有配置所属街道，不能上报。需要时请联系管理员在街道配置里加上本社区。')]
  if (cmd.number === null) return [replyHere(msg, '请写上工单号和说明，例如：上报街道 #12 涉及市政管网，社区和物业协调不了')]
  if (!cmd.rest) return [replyHere(msg, `请写上为什么要上报街道，例如：上报街道 #${cmd.number} 涉及市政管网，社区和物业协调不了`)]
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow) return [replyHere(msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  if (caseRow.streetAt) return [replyHere(msg, `#${caseRow.number} 已经在街道的待办里了（${momentText(caseRow.streetAt, community.config.timezone)} 上报）。`)]
  if (!isOpen(caseRow.state)) return [replyHere(msg, `#${caseRow.number} 目前是「${stateWord(caseRow.state)}」，不需要上报街道。`)]
  const now = ctx.clock.now()
  const updated = await moveCase(db, caseRow, {
    to: caseRow.state as CaseState, actor: { id: msg.sender.id, name: msg.sender.name }, action: 'street', note: `上报街道：${cmd.rest}`, at: now, source: msg.messageId,
    deadlines: { ...streetDeadlines(caseRow, street, community.config, now), streetBy: caseRow.streetBy ?? now },
    street: { streetAt: now, streetReason: 'secretary', streetNote: cmd.rest },
  })
  return [
    replyHere(msg, `已将 #${updated.number} 上报${street.name}，街道工作人员会受理；每一步都会告诉您和反映人所在的群。`),
    ...tellStreet(community.config, street, updated, `社区书记上报：${cmd.rest}`),
    ...(await postToCaseGroup(db, updated, QUEUED_POST(updated.number), `${msg.messageId}:case-${updated.id}`)),
  ]
}

/** 交办 #N 住建: the street gives a case of its queue to one of its departments; the department's contact is told privately. */
export async function giveToDepartment(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, community, db } = ctx
  const street = community.config.street
  const names = street?.departments.map((d) => d.name) ?? []
  if (!street || !names.length) return [replyHere(msg, '街道配置里没有部门，不能交办。')]
  const usage = `交办 #12 ${names[0]}（可选：${names.join('、')}）`
  if (cmd.number === null) return [replyHere(msg, `请写上工单号和部门，例如：${usage}`)]
  const department = street.departments.find((d) => d.name === cmd.rest.split(/\s+/)[0])
  if (!department) return [replyHere(msg, `请写明交给哪个部门，例如：${usage}`)]
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow || !caseRow.streetAt) return [replyHere(msg, `${community.config.community}没有在街道待办里的 #${cmd.number}，请核对工单号。`)]
  if (!isOpen(caseRow.state)) return [replyHere(msg, `#${caseRow.number} 目前是「${stateWord(caseRow.state)}」，不能再交办。`)]
  const note = cmd.rest.slice(department.name.length).trim()
  const contactName = department.contactName ?? `${department.name}联系人`
  const updated = await moveCase(db, caseRow, {
    to: caseRow.state === 'reported' ? 'accepted' : (caseRow.state as CaseState), actor: { id: msg.sender.id, name: msg.sender.name }, action: 'routed',
    note: `街道交办${department.name}${note ? `：${note}` : ''}`, at: ctx.clock.now(), source: msg.messageId,
    assignee: { id: department.contact, name: contactName }, street: { streetDepartment: department.name },
  })
  const tellDepartment = privately(department.contact, `${msg.messageId}:department`, `【街道交办】${streetCaseLine(community.config, updated)}，交${department.name}处理${note ? `：${note}` : ''}。办理进展请告诉街道${msg.sender.name}。`)
  return [
    replyHere(msg, `#${updated.number} 已交${department.name}处理，已告知${contactName}和反映人所在的群。`),
    tellDepartment,
    ...(await postToCaseGroup(db, updated, `#${updated.number} 已由${street.name}交${department.name}部门处理。`, `${msg.messageId}:case-${updated.id}`)),
    ...tellCommunitySecretaries(ctx, updated, `街道已将 #${updated.number} 交${department.name}处理。`),
  ]
}

/** A street step on one of the community's cases: its secretaries hear of it privately. */
export function tellCommunitySecretaries(ctx: HandlerContext, caseRow: CaseRow, text: string): Reply[] {
  if (!ctx.community.config.street) return []
  return communitySecretaries(ctx.community.config)
    .filter((m) => m.id !== ctx.msg.sender.id)
    .map((m) => privately(m.id, `${ctx.msg.messageId}:street-secretary:${m.id}`, `【街道】${text}（${streetCaseLine(ctx.community.config, caseRow)}）`))
}

/** Whether the sender acts for the street (and not for the community) on this case. */
export const actsForStreet = (ctx: HandlerContext, caseRow: Pick<CaseRow, 'streetAt'>): boolean =>
  caseRow.streetAt !== null && (ctx.msg.sender.roles.has('street_staff') || ctx.msg.sender.roles.has('street_secretary')) && !ctx.msg.sender.roles.has('secretary')
