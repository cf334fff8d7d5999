import { showAgenda } from './cases/agenda.js'
import { changeCase } from './cases/staff-commands.js'
import { joinCase } from './cases/join-case.js'
import { listMyCases, queryCase } from './cases/query-case.js'
import { listTodo } from './cases/list-todo.js'
import { rateCase } from './cases/rate-case.js'
import { registerCase } from './cases/register-case.js'
import { registerFor } from './cases/register-for.js'
import { confirmCase, dismissCase } from './cases/triage.js'
import { correctCase } from './cases/correct-case.js'
import { understand } from './parse/understand.js'
import { readGroupMessage } from './conversation/read-group-message.js'
import { FOLLOW_CODE, followCase } from './report-page/web-report.js'
import { helpText } from './commands/help-text.js'
import { parseCommand, type CommandWord, type ParsedCommand } from './commands/parse-command.js'
import type { HandlerContext, Reply } from './context.js'
import { isSecretary, isStaff, replyHere } from './context.js'
import { bindMember } from './members/bind-member.js'
import { revokeMember } from './members/revoke-member.js'
import { leaveDashboard, openDashboard } from './dashboard/dashboard-commands.js'
import { askSummary, broadcastNotice, listOverdue } from './summary/secretary-commands.js'
import { flagLivingAlone, recordVisit } from './visits/visit-commands.js'
import { asksAboutOthers, forgetMe, PRIVACY_REFUSAL } from './privacy/privacy-commands.js'
import { checkIn, checkOut, hoursRanking, showRoster, signUp, withdraw } from './volunteers/volunteer-commands.js'
import { isJielong, readJielong } from './volunteers/jielong-activity.js'
import { myHours } from './volunteers/activity-attendance.js'
import { finishErrand, handToVolunteers, takeErrand } from './volunteers/care-cases.js'
import { escalateToStreet, giveToDepartment } from './street/street-queue.js'
import { approveActivity, cancelActivity, comeToActivity, confirmReminder, createActivity, editActivity, joinActivity, leaveActivity } from './volunteers/activity-commands.js'

type Access = 'anyone' | 'staff' | 'secretary' | 'street'
type CommandHandler = (ctx: HandlerContext, cmd: ParsedCommand) => Promise<Reply[]>

const ROUTES: Record<CommandWord, [Access, CommandHandler]> = {
  查询: ['anyone', queryCase], 进度: ['anyone', queryCase], 我的工单: ['anyone', listMyCases],
  评价: ['anyone', rateCase], '+1': ['anyone', joinCase], 我也是: ['anyone', joinCase],
  受理: ['staff', changeCase], 认领: ['staff', changeCase], 进展: ['staff', changeCase], 完成: ['staff', changeCase],
  办结: ['staff', changeCase], 转派: ['staff', changeCase], 关闭: ['staff', changeCase], 议: ['staff', changeCase], 议程: ['staff', showAgenda], 待办: ['staff', listTodo],
  今日汇总: ['secretary', askSummary], 本周汇总: ['secretary', askSummary], 逾期: ['secretary', listOverdue],
  通知: ['secretary', broadcastNotice],
  报名红周六: ['anyone', signUp], 请假红周六: ['anyone', withdraw], 签到: ['anyone', checkIn], 签退: ['anyone', checkOut], 志愿时长: ['secretary', hoursRanking], 红周六名单: ['anyone', showRoster],
  绑定: ['anyone', bindMember], 帮助: ['anyone', helpText],
  走访: ['staff', recordVisit], 独居: ['staff', flagLivingAlone], 取消独居: ['staff', flagLivingAlone],
  删除我的信息: ['anyone', forgetMe],
  确认: ['staff', confirmCase], 不是: ['staff', dismissCase], 改: ['staff', correctCase], 登记: ['staff', registerFor],
  看板: ['anyone', openDashboard], 退出看板: ['anyone', leaveDashboard], 撤销: ['secretary', revokeMember],
  关注: ['anyone', followCase], 来不了: ['anyone', leaveActivity], 请假: ['anyone', leaveActivity], 来: ['anyone', comeToActivity],
  活动: ['staff', createActivity], 报名: ['anyone', joinActivity], 取消活动: ['staff', cancelActivity], 我的时长: ['anyone', myHours],
  上报街道: ['secretary', escalateToStreet], 交办: ['street', giveToDepartment],
  派给志愿者: ['staff', handToVolunteers], 接单: ['anyone', takeErrand], 同意: ['staff', approveActivity], 收到: ['anyone', confirmReminder], 改活动: ['staff', editActivity],
}

const REFUSAL: Record<Exclude<Access, 'anyone'>, string> = {
  staff: '抱歉，这个操作需要工作人员身份。如需办理，请联系楼栋长或驿站工作人员。',
  secretary: '抱歉，这个操作只有书记或站长可以使用。',
  street: '抱歉，这个操作只有街道工作人员可以使用。',
}

const PERMITTED: Record<Exclude<Access, 'anyone'>, (sender: HandlerContext['msg']['sender']) => boolean> = {
  staff: isStaff,
  secretary: isSecretary,
  street: (sender) => sender.roles.has('street_staff') || sender.roles.has('street_secretary'),
}

/** Words a resident may well start an ordinary report with (独居老人…): from them it is a report, not a refusal. */
const STAFF_WORDS_IN_TALK: ReadonlySet<CommandWord> = new Set(['走访', '独居', '取消独居', '登记', '活动', '取消活动', '同意', '改活动'])

/** Agreeing with a neighbour: followed by a case number a command, followed by words a report of one's own. */
const AGREEMENT: ReadonlySet<CommandWord> = new Set(['+1', '我也是'])

/**
 * Words people also say in talk: only with a case number are they commands. "+1 我家也停电了" and
 * "我也是，家里也停水了" are reports; a staff member who leaves the number out gets the usage hint.
 */
const NUMBERED_ONLY: ReadonlySet<CommandWord> = new Set(['+1', '我也是', '查询', '进度', '评价', '确认', '不是', '改', '报名'])

/**
 * Commands that change something (a case, a rating, a roster, a resident's data). Their change and
 * their replies are one transaction keyed by the message: handled again after a failure, the
 * message finds nothing done and does it all once, with the same replies.
 */
const CHANGES: ReadonlySet<CommandWord> = new Set([
  '评价', '+1', '我也是', '受理', '认领', '进展', '完成', '办结', '转派', '关闭', '议', '通知',
  '报名红周六', '请假红周六', '签到', '签退', '走访', '独居', '取消独居', '删除我的信息', '确认', '不是', '改', '看板', '退出看板', '撤销', '关注', '来不了', '请假', '来', '活动', '报名', '取消活动', '派给志愿者', '接单', '同意', '收到', '改活动', '上报街道', '交办',
])

/** How one message is handled: `once` when it is a command whose change and replies must be one transaction. */
export interface Route {
  once: boolean
  /** A command (answered, refused or hinted at), as against a report or silence: what a resident's hourly budget counts. */
  command: boolean
  /** Messages of one key are handled one at a time, each transaction committed before the next begins (a group's 接龙 copies). */
  lockKey?: string
  run(ctx: HandlerContext): Promise<Reply[]>
}

/** First match wins: a command, else (in a group) a report, else silence. Decided by the words and the sender alone. */
export function routeOf(ctx: Pick<HandlerContext, 'msg'>): Route {
  const { msg } = ctx
  // A 接龙 in a group: sign-ups for an activity (or a resident's own list), never a report.
  if (msg.group && isJielong(msg.text)) return { once: true, command: false, lockKey: `jielong:${msg.group.id}`, run: readJielong }
  const parsedCommand = parseCommand(msg.text)
  const talk = parsedCommand !== null && parsedCommand.number === null && NUMBERED_ONLY.has(parsedCommand.word) && !(isStaff(msg.sender) && ROUTES[parsedCommand.word][0] === 'staff')
  // "关注 楼道漏水的事" in a group is talk (perhaps a report); only 关注 with a report page's code is the command.
  const notACode = parsedCommand?.word === '关注' && !FOLLOW_CODE.test(parsedCommand.text) && msg.group !== null
  // "来" takes an offered place, "收到" answers a reminder and "请假" leaves an activity only in a private chat, and a bare "同意" approves a 接龙 only there: in a group they are talk.
  const groupTalk = msg.group !== null && (parsedCommand?.word === '来' || parsedCommand?.word === '收到' || parsedCommand?.word === '请假' || (parsedCommand?.word === '同意' && parsedCommand.number === null))
  const cmd = talk || notACode || groupTalk ? null : parsedCommand
  // "我也是，家里也停水了" or a bare "+1": in a group, read with the conversation it answers.
  if (talk && AGREEMENT.has(parsedCommand.word)) return { once: false, command: false, run: (c) => (c.msg.group ? readGroupMessage(c) : registerCase(c, { readText: parsedCommand.text })) }
  if (cmd) {
    const [access, handler] = ROUTES[cmd.word]
    const permitted = access === 'anyone' || PERMITTED[access](msg.sender)
    // A volunteer finishes the errand they took (完成 #N) though they are not staff.
    if (!permitted && cmd.word === '完成' && msg.sender.roles.has('volunteer')) {
      return { once: true, command: true, run: async (c) => (await finishErrand(c, cmd)) ?? [replyHere(c.msg, REFUSAL.staff)] }
    }
    if (!permitted && STAFF_WORDS_IN_TALK.has(cmd.word)) return { once: false, command: false, run: reportOrRefusal }
    if (!permitted) return { once: false, command: true, run: async (c) => [replyHere(c.msg, REFUSAL[access as Exclude<Access, 'anyone'>])] }
    return { once: CHANGES.has(cmd.word), command: true, run: (c) => handler(c, cmd) }
  }
  return { once: false, command: false, run: reportOrRefusal }
}

/**
 * In a group, the message is read with the conversation around it. In a private chat: the privacy
 * refusal answers questions about another resident, never a complaint that mentions a neighbour.
 */
async function reportOrRefusal(ctx: HandlerContext): Promise<Reply[]> {
  if (ctx.msg.group) return readGroupMessage(ctx)
  if (asksAboutOthers(ctx.msg.text)) {
    const { msg, clock, classifier, model } = ctx
    const parsed = await understand(msg.text, msg.group?.building ?? null, { residentId: msg.sender.id, now: clock.now(), classifier, model })
    if (parsed.isRequest) return registerCase(ctx, { parsed })
    // Not plainly a report: the refusal; one the model half believes is also kept for staff to look at, unanswered.
    const refusal = replyHere(msg, PRIVACY_REFUSAL)
    return parsed.suspected ? [refusal, ...(await registerCase(ctx, { parsed }))] : [refusal]
  }
  return registerCase(ctx)
}

export const routeMessage = (ctx: HandlerContext): Promise<Reply[]> => routeOf(ctx).run(ctx)
