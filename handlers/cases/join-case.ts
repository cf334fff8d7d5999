import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { addReporter, findCase } from './case-store.js'
import { isOpen } from './states.js'

/** +1 #N / 我也是 #N: the sender joins a case as a co-reporter and hears its updates in their group. */
export async function joinCase({ msg, db, clock, community }: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  // A bare +1 is agreement between neighbours, not a command.
  if (cmd.number === null) return []
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow) return [replyHere(msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  if (!isOpen(caseRow.state)) return [replyHere(msg, `#${cmd.number} 已经办结或关闭；如果问题又出现了，请重新描述一下。`)]
  const added = await addReporter(db, caseRow, { id: msg.sender.id, name: msg.sender.name }, msg.group?.id ?? null, clock.now(), { action: 'joined' })
  if (!added) return [replyHere(msg, `您已经在跟进 #${cmd.number} 了，有进展会通知您。`)]
  const count = await db.caseReporter.count({ where: { caseId: caseRow.id } })
  return [replyHere(msg, `已记下，您和其他 ${count - 1} 位居民一起反映 #${cmd.number}，有进展会通知您。`)]
}
