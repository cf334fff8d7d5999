import type { Party } from '../community/vocabulary.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { findCase, moveCase } from './case-store.js'
import { statusPostText } from './case-texts.js'
import { announceChange } from './case-replies.js'
import { addDuration } from './deadlines.js'
import { notifyHandler } from './notify-handler.js'
import { escalationTarget } from './routing.js'
import { withRoster } from './staff-roster.js'

const SCORES: Array<[word: string, score: string]> = [
  ['基本满意', 'basic'],
  ['不满意', 'unsatisfied'],
  ['满意', 'satisfied'],
]

const USAGE = '评价 #12 满意（或 基本满意 / 不满意），后面可以附上几句话'

/**
 * 评: the reporter rates a resolved case. 不满意 reopens it (处理中, a fresh resolution
 * deadline) and tells the handler and the secretary.
 */
export async function rateCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  if (cmd.number === null) return [replyHere(msg, `请写上工单号和评价，例如：${USAGE}`)]
  const found = SCORES.find(([word]) => cmd.rest.startsWith(word))
  if (!found) return [replyHere(msg, `请写明满意程度，例如：${USAGE}`)]
  const [word, score] = found
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow) return [replyHere(msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  if (caseRow.reporterId !== msg.sender.id) return [replyHere(msg, `只有反映人可以评价 #${cmd.number}。`)]
  if (caseRow.state === 'rated') return [replyHere(msg, `#${cmd.number} 已经评价过了，谢谢您。`)]
  if (caseRow.state !== 'resolved') return [replyHere(msg, `#${cmd.number} 还没有办结，办结后再请您评价。`)]

  const comment = cmd.rest.slice(word.length).replace(/^[\s,，。:：]+/, '') || null
  const now = clock.now()
  const rating = { raterId: msg.sender.id, score, comment, at: now }
  // A case reopened and resolved again is rated again: the latest rating counts.
  await db.rating.upsert({ where: { caseId: caseRow.id }, create: { caseId: caseRow.id, ...rating }, update: rating })
  const actor = { id: msg.sender.id, name: msg.sender.name }
  const note = `${word}${comment ? `：${comment}` : ''}`
  if (score !== 'unsatisfied') {
    await moveCase(db, caseRow, { to: 'rated', actor, action: 'rated', note, at: now })
    return [replyHere(msg, `#${cmd.number} 评价「${word}」已收到。谢谢您的评价！`)]
  }

  const { timezone, deadlines, calendar } = community.config
  const resolveBy = addDuration(now, deadlines[caseRow.urgency as keyof typeof deadlines].resolve, timezone, calendar)
  const reopened = await moveCase(db, caseRow, { to: 'in_progress', actor, action: 'reopened', note, at: now, resolveBy })
  const posts = await announceChange(db, msg, reopened, statusPostText('reopened', reopened.number, comment ?? '', community.config.publicNumbers), `#${reopened.number} 已记录您的意见，工单已重新打开，我们会尽快处理。`)
  const handler = await notifyHandler(ctx, reopened, 'reopened')
  const secretary = escalationTarget(3, reopened.building, withRoster(community.config, await ctx.ports.staffRoster(db)))
  const toSecretary: Reply[] =
    secretary && !handler.some((r) => r.conversationId === secretary.id)
      ? [{ conversationId: secretary.id, isRoom: false, text: `#${reopened.number}（${reopened.party as Party}）反映人不满意，已重新打开。${comment ? `意见：${comment}` : ''}`, key: `case-${reopened.id}:reopened:${now.getTime()}:secretary` }]
      : []
  return [...posts, ...handler, ...toSecretary]
}
