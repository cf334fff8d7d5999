import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { mayActOn, outOfScopeText } from './access.js'
import { findCase, moveCase, type CaseRow } from './case-store.js'
import { statusPostText } from './case-texts.js'
import { announceChange } from './case-replies.js'
import { notifyHandler } from './notify-handler.js'
import { isParty } from './routing.js'
import { canMove, isOpen, stateWord, type CaseState } from './states.js'
import { finishErrand } from '../volunteers/care-cases.js'
import { actsForStreet, tellCommunitySecretaries } from '../street/street-queue.js'

type Step = (ctx: HandlerContext, cmd: ParsedCommand, caseRow: CaseRow) => Promise<Reply[]>

const USAGE: Record<string, string> = {
  受理: '受理 #12', 认领: '认领 #12', 进展: '进展 #12 已联系维修师傅，明天上午上门',
  完成: '完成 #12 已更换楼道灯', 办结: '办结 #12 已更换楼道灯', 转派: '转派 #12 物业（或 社区 / 业委会 / 志愿者）',
  关闭: '关闭 #12 重复反映，已合并到 #10', 议: '议 #12 涉及公共收益使用，提交联席会议',
}

const actorOf = (ctx: HandlerContext) => ({ id: ctx.msg.sender.id, name: ctx.msg.sender.name })

function refuseMove(ctx: HandlerContext, caseRow: CaseRow, to: CaseState): Reply[] {
  return [replyHere(ctx.msg, `#${caseRow.number} 目前是「${stateWord(caseRow.state)}」，不能改为「${stateWord(to)}」。`)]
}

const accept: Step = async (ctx, _cmd, caseRow) => {
  if (!canMove(caseRow.state, 'accepted')) return refuseMove(ctx, caseRow, 'accepted')
  const actor = actorOf(ctx)
  const updated = await moveCase(ctx.db, caseRow, { to: 'accepted', actor, action: 'accepted', at: ctx.clock.now(), assignee: actor })
  const who = `${updated.party}（${actor.name}）`
  return announceChange(ctx.db, ctx.msg, updated, statusPostText('accepted', updated.number, who, ctx.community.config.publicNumbers), `已受理 #${updated.number}，已告知反映人。`)
}

const progress: Step = async (ctx, cmd, caseRow) => {
  if (!cmd.rest) return [replyHere(ctx.msg, `请写上进展内容，例如：${USAGE.进展}`)]
  if (!canMove(caseRow.state, 'in_progress')) return refuseMove(ctx, caseRow, 'in_progress')
  const actor = actorOf(ctx)
  const assignee = caseRow.assigneeId ? undefined : actor
  const updated = await moveCase(ctx.db, caseRow, { to: 'in_progress', actor, action: 'progress', note: cmd.rest, at: ctx.clock.now(), assignee })
  return announceChange(ctx.db, ctx.msg, updated, statusPostText('in_progress', updated.number, cmd.rest, ctx.community.config.publicNumbers), `#${updated.number} 进展已记录并告知反映人。`)
}

const resolve: Step = async (ctx, cmd, caseRow) => {
  // A volunteer (who may also be staff) finishing the errand they took has their time credited.
  const errand = caseRow.assigneeId === ctx.msg.sender.id ? await finishErrand(ctx, cmd) : null
  if (errand) return errand
  if (!canMove(caseRow.state, 'resolved')) return refuseMove(ctx, caseRow, 'resolved')
  const actor = actorOf(ctx)
  const note = cmd.rest || '问题已处理完毕'
  const assignee = caseRow.assigneeId ? undefined : actor
  const updated = await moveCase(ctx.db, caseRow, { to: 'resolved', actor, action: 'resolved', note, at: ctx.clock.now(), assignee })
  return announceChange(ctx.db, ctx.msg, updated, statusPostText('resolved', updated.number, note, ctx.community.config.publicNumbers), `#${updated.number} 已办结，已请反映人评价。`)
}

const route: Step = async (ctx, cmd, caseRow) => {
  const party = cmd.rest.split(/\s+/)[0] ?? ''
  if (!isParty(party)) return [replyHere(ctx.msg, `请写明转派给谁，例如：${USAGE.转派}`)]
  if (!isOpen(caseRow.state)) {
    return [replyHere(ctx.msg, `#${caseRow.number} 目前是「${stateWord(caseRow.state)}」，不能再转派。`)]
  }
  const updated = await moveCase(ctx.db, caseRow, {
    to: caseRow.state as CaseState, actor: actorOf(ctx), action: 'routed', note: `转派给${party}`, at: ctx.clock.now(), assignee: null, party,
  })
  const posts = await announceChange(ctx.db, ctx.msg, updated, statusPostText('routed', updated.number, party, ctx.community.config.publicNumbers), `#${updated.number} 已转派给${party}。`)
  return [...posts, ...(await notifyHandler(ctx, updated, 'routed'))]
}

const discuss: Step = async (ctx, cmd, caseRow) => {
  if (!canMove(caseRow.state, 'discussing')) return refuseMove(ctx, caseRow, 'discussing')
  const updated = await moveCase(ctx.db, caseRow, { to: 'discussing', actor: actorOf(ctx), action: 'discussing', note: cmd.rest || null, at: ctx.clock.now() })
  return announceChange(ctx.db, ctx.msg, updated, statusPostText('discussing', updated.number, cmd.rest, ctx.community.config.publicNumbers), `#${updated.number} 已列入联席会议议程，发「议程」可查看。`)
}

const close: Step = async (ctx, cmd, caseRow) => {
  if (!cmd.rest) return [replyHere(ctx.msg, `请写上关闭原因，例如：${USAGE.关闭}`)]
  if (!canMove(caseRow.state, 'closed')) return refuseMove(ctx, caseRow, 'closed')
  const updated = await moveCase(ctx.db, caseRow, { to: 'closed', actor: actorOf(ctx), action: 'closed', note: cmd.rest, at: ctx.clock.now() })
  return announceChange(ctx.db, ctx.msg, updated, statusPostText('closed', updated.number, cmd.rest, ctx.community.config.publicNumbers), `#${updated.number} 已关闭。`)
}

const STEPS: Record<string, Step> = { 受理: accept, 认领: accept, 进展: progress, 完成: resolve, 办结: resolve, 转派: route, 关闭: close, 议: discuss }

/** 受理 / 进展 / 完成 / 转派 / 关闭 / 议: staff move a case on; its groups hear about it. */
export async function changeCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const step = STEPS[cmd.word]
  if (!step) return []
  if (cmd.number === null) return [replyHere(ctx.msg, `请写上工单号，例如：${USAGE[cmd.word]}`)]
  const caseRow = await findCase(ctx.db, ctx.community.id, cmd.number)
  if (!caseRow) return [replyHere(ctx.msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  if (!mayActOn(ctx.msg.sender, caseRow, ctx.community.config)) return [replyHere(ctx.msg, outOfScopeText(caseRow.number, caseRow.party))]
  const replies = await step(ctx, cmd, caseRow)
  // The street working a case of the community: its secretaries hear each step.
  if (!actsForStreet(ctx, caseRow)) return replies
  const moved = await findCase(ctx.db, ctx.community.id, caseRow.number)
  if (!moved || moved.version === caseRow.version) return replies
  return [...replies, ...tellCommunitySecretaries(ctx, moved, `街道${ctx.msg.sender.name}：${cmd.word} #${caseRow.number}${cmd.rest ? ` ${cmd.rest}` : ''}`)]
}
