import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { addReporter, findCase, type CaseRow } from './case-store.js'
import { joinedText, otherBuildingText } from './case-texts.js'
import { isOpen } from './states.js'

/**
 * Whether the sender may join a case: anyone for a shared area of the compound (no building);
 * otherwise from that building's group; from a compound-wide group unless they are known to live
 * in another building (they look after another, or reported only from others); or privately by a
 * resident already known in that building (an earlier report there, or a building they look after).
 */
export async function mayJoin({ msg, db }: HandlerContext, caseRow: CaseRow): Promise<boolean> {
  if (caseRow.building === null) return true
  if (msg.group?.building) return msg.group.building === caseRow.building
  if (msg.sender.buildings.includes(caseRow.building)) return true
  const places = await db.caseReporter.findMany({
    where: { contactId: msg.sender.id, caseRow: { communityId: caseRow.communityId, building: { not: null } } },
    select: { caseRow: { select: { building: true } } },
    take: 50,
  })
  if (places.some((p) => p.caseRow.building === caseRow.building)) return true
  if (!msg.group) return false
  return msg.sender.buildings.length === 0 && places.length === 0
}

/** +1 #N / 我也是 #N: the sender joins a case as a co-reporter and hears its updates in their group. */
export async function joinCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  // A bare +1 is agreement between neighbours, not a command.
  if (cmd.number === null) return []
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow) return [replyHere(msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  if (!isOpen(caseRow.state)) return [replyHere(msg, `#${cmd.number} 已经办结或关闭；如果问题又出现了，请重新描述一下。`)]
  if (!(await mayJoin(ctx, caseRow))) {
    return [replyHere(msg, otherBuildingText(caseRow))]
  }
  const added = await addReporter(db, caseRow, { id: msg.sender.id, name: msg.sender.name }, msg.group?.id ?? null, clock.now(), { action: 'joined' })
  if (!added) return [replyHere(msg, `您已经在跟进 #${cmd.number} 了，有进展会通知您。`)]
  const count = await db.caseReporter.count({ where: { caseId: caseRow.id } })
  return [replyHere(msg, joinedText(caseRow.number, count - 1))]
}
