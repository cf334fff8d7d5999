import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { findCase, moveCase } from './case-store.js'

const SCORES: Array<[word: string, score: string]> = [
  ['基本满意', 'basic'],
  ['不满意', 'unsatisfied'],
  ['满意', 'satisfied'],
]

const USAGE = '评价 #12 满意（或 基本满意 / 不满意），后面可以附上几句话'

/** 评: the reporter rates a resolved case. */
export async function rateCase({ msg, db, clock, community }: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
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
  await db.rating.create({ data: { caseId: caseRow.id, raterId: msg.sender.id, score, comment, at: now } })
  await moveCase(db, caseRow, { to: 'rated', actor: { id: msg.sender.id, name: msg.sender.name }, action: 'rated', note: `${word}${comment ? `：${comment}` : ''}`, at: now })
  const thanks = score === 'unsatisfied' ? '已记录您的意见，我们会跟进改进。' : '谢谢您的评价！'
  return [replyHere(msg, `#${cmd.number} 评价「${word}」已收到。${thanks}`)]
}
