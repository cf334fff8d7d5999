import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { isStaff, privately, replyHere } from '../context.js'
import { mayActOn, outOfScopeText } from '../cases/access.js'
import { findCase, moveCase } from '../cases/case-store.js'
import { postToCaseGroup } from '../cases/case-replies.js'
import { buildingText, locationText, statusPostText } from '../cases/case-texts.js'
import { isOpen, stateWord, type CaseState } from '../cases/states.js'
import { maskForOthers } from '../mask.js'
import { MAX_MINUTES } from './activity-attendance.js'

/** The party a case handed to volunteers belongs to. */
const VOLUNTEERS = '志愿者'
/** A care errand is credited at most this long, however late 完成 comes. */
const ERRAND_MAX_MINUTES = 4 * 60


/**
 * 派给志愿者 #N [说明] (staff): the case goes to the volunteers, and each volunteer of its building
 * (or every volunteer, when none is of it) is asked privately; the first 接单 #N takes it. The
 * offer names the kind of help and the building only: who and where is told to the one who takes it.
 */
export async function handToVolunteers(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, community, clock } = ctx
  if (cmd.number === null) return [replyHere(msg, '请写上工单号，例如：派给志愿者 #12 帮老人买菜送上楼')]
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow) return [replyHere(msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  if (!mayActOn(msg.sender, caseRow, community.config)) return [replyHere(msg, outOfScopeText(caseRow.number, caseRow.party))]
  if (!isOpen(caseRow.state) || caseRow.state === 'resolved') return [replyHere(msg, `#${caseRow.number} 目前是「${stateWord(caseRow.state)}」，不能再派给志愿者。`)]
  const members = await db.member.findMany({ where: { communityId: community.id }, orderBy: { id: 'asc' } })
  const volunteers = members.filter((m) => m.roles.split(',').includes('volunteer') && m.contactId !== msg.sender.id)
  const ofBuilding = volunteers.filter((m) => caseRow.building !== null && m.buildings.split(',').includes(caseRow.building))
  const asked = ofBuilding.length ? ofBuilding : volunteers
  if (asked.length === 0) return [replyHere(msg, '社区里还没有登记志愿者（角色 volunteer），没法派单。可以在配置文件里加，或发邀请码给志愿者绑定。')]
  const note = cmd.rest.trim().slice(0, 100)
  await moveCase(db, caseRow, { to: caseRow.state as CaseState, actor: { id: msg.sender.id, name: msg.sender.name }, action: 'routed', note: `派给志愿者${note ? `：${note}` : ''}`, at: clock.now(), assignee: null, party: VOLUNTEERS, source: msg.messageId })
  const where = caseRow.building ? buildingText(caseRow.building) : '小区里'
  const what = note ? maskForOthers(note, community.config.publicNumbers) : caseRow.category
  const offers = asked.map((m) => privately(m.contactId, `case-${caseRow.id}:volunteers:${msg.messageId}:${m.contactId}`, `有一件事想请志愿者帮忙：#${caseRow.number} ${what}（${where}）。能去的请回复「接单 #${caseRow.number}」，先回复的接单，接单后告诉您具体地址。`))
  return [replyHere(msg, `已私信问了 ${asked.length} 位志愿者，先回复「接单 #${caseRow.number}」的人接单，接单后会告诉您和反映人。`, 'handed'), ...offers]
}

/** 接单 #N (a volunteer): the first takes a case handed to volunteers; the reporter's group hears who is coming. */
export async function takeErrand(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, community, clock } = ctx
  if (!msg.sender.roles.has('volunteer') && !isStaff(msg.sender)) return [replyHere(msg, '接单是给登记过的志愿者用的。想当志愿者，请联系驿站。')]
  if (cmd.number === null) return [replyHere(msg, '请写上工单号，例如：接单 #12')]
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow || caseRow.party !== VOLUNTEERS || !isOpen(caseRow.state) || caseRow.state === 'resolved') return [replyHere(msg, `#${cmd.number} 现在不需要志愿者接单。`)]
  if (caseRow.assigneeId) return [replyHere(msg, caseRow.assigneeId === msg.sender.id ? `#${caseRow.number} 已经是您接的了。` : `#${caseRow.number} 已经有志愿者接了，谢谢您！`)]
  const volunteer = { id: msg.sender.id, name: msg.sender.name }
  const updated = await moveCase(db, caseRow, { to: 'accepted', actor: volunteer, action: 'accepted', note: '志愿者接单', at: clock.now(), assignee: volunteer, source: msg.messageId })
  const posts = await postToCaseGroup(db, updated, statusPostText('accepted', updated.number, `志愿者${volunteer.name}`, community.config.publicNumbers), `${msg.messageId}:case-${updated.id}`)
  const details = `您接下了 #${updated.number}：${locationText(updated)}。居民原话：${updated.text}\n办完后回复「完成 #${updated.number} 说明」，时长会记进您的志愿服务时长。`
  return [...posts, privately(msg.sender.id, `${msg.messageId}:errand-details`, details)]
}

/**
 * 完成 #N 说明 by the volunteer who took it: resolved as staff would (the reporter is asked to
 * rate it), and the time from 接单 to 完成 (at most four hours) credited as service.
 */
export async function finishErrand(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[] | null> {
  const { msg, db, community, clock } = ctx
  if (cmd.number === null) return null
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow || caseRow.party !== VOLUNTEERS || caseRow.assigneeId !== msg.sender.id) return null
  if (!isOpen(caseRow.state) || caseRow.state === 'resolved') return [replyHere(msg, `#${caseRow.number} 目前是「${stateWord(caseRow.state)}」。`)]
  const now = clock.now()
  const note = cmd.rest || '志愿者已帮忙办好'
  const volunteer = { id: msg.sender.id, name: msg.sender.name }
  const updated = await moveCase(db, caseRow, { to: 'resolved', actor: volunteer, action: 'resolved', note, at: now, source: msg.messageId })
  const takenAt = caseRow.acceptedAt ?? now
  const minutes = Math.min(ERRAND_MAX_MINUTES, MAX_MINUTES, Math.max(0, Math.round((now.getTime() - takenAt.getTime()) / 60_000)))
  // The errand is kept as an activity of one, so hours, the ranking and 我的时长 count it with the rest.
  const activity = await db.activity.upsert({
    where: { sourceMessage: `errand:${caseRow.id}` },
    create: { communityId: community.id, kind: 'errand', title: `助老帮扶 #${caseRow.number}`, startsAt: takenAt, endsAt: now, organiserId: volunteer.id, organiserName: volunteer.name, sourceMessage: `errand:${caseRow.id}`, createdAt: now },
    update: {},
  })
  await db.activitySignup.create({ data: { activityId: activity.id, contactId: volunteer.id, name: volunteer.name, status: 'signed', signedAt: takenAt, checkedInAt: takenAt, checkedOutAt: now, minutes, changedBy: msg.messageId } })
  const posts = await postToCaseGroup(db, updated, statusPostText('resolved', updated.number, note, community.config.publicNumbers), `${msg.messageId}:case-${updated.id}`)
  return [...posts, privately(msg.sender.id, `${msg.messageId}:errand-done`, `#${updated.number} 已办结，谢谢您！本次记志愿服务 ${minutes} 分钟，已请反映人评价。`)]
}
