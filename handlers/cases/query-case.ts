import type { HandlerContext, Reply } from '../context.js'
import { readsInGroup, replyHere } from '../context.js'
import { mayRead } from './access.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { findCase, latestNote } from './case-store.js'
import { caseHistoryText, caseLineText, caseStatusText, seesWhole } from './case-texts.js'
import { OPEN_STATES } from './states.js'

/** 查询 #N / 进度 #N (详情: the whole history): state, latest note and handler, for the case's reporters and for staff. */
export async function queryCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const { msg, db, clock, community } = ctx
  if (cmd.number === null) return [replyHere(msg, '请写上工单号，例如：查询 #12')]
  const caseRow = await findCase(db, community.id, cmd.number)
  if (!caseRow) return [replyHere(msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  const isReporter = (await db.caseReporter.count({ where: { caseId: caseRow.id, contactId: msg.sender.id } })) > 0
  // Staff read a case whole only within their scope; outside it they are asked as anyone else is.
  const staff = mayRead(msg.sender, caseRow, community.config)
  if (!isReporter && !staff) return [replyHere(msg, `#${cmd.number} 不是您反映的工单，只能查询自己反映或一起反映的工单。`)]
  const viewer = { id: msg.sender.id, staff, inGroup: readsInGroup(msg) }
  if (/^(详情|详细|历史|经过)/.test(cmd.rest)) {
    const events = await db.caseEvent.findMany({ where: { caseId: caseRow.id }, orderBy: { id: 'asc' } })
    return [replyHere(msg, caseHistoryText(caseRow, events, community.config, viewer))]
  }
  const note = await latestNote(db, caseRow.id, !seesWhole(viewer))
  return [replyHere(msg, caseStatusText(caseRow, note, clock, community.config, viewer))]
}

/** 我的工单: the sender's open cases, as reporter or co-reporter. */
export async function listMyCases({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  // From the sender's own reporter rows (indexed by contact): asked as one query, the database
  // would walk every open case of the community instead.
  const followed = await db.caseReporter.findMany({ where: { contactId: msg.sender.id }, select: { caseId: true } })
  const cases = await db.case.findMany({
    where: { id: { in: followed.map((r) => r.caseId) }, communityId: community.id, state: { in: OPEN_STATES } },
    orderBy: { number: 'asc' },
    take: 20,
  })
  if (cases.length === 0) return [replyHere(msg, '您目前没有未办结的工单。')]
  const now = clock.now()
  // In a group the neighbours read along: no room, not even the sender's own.
  const withRoom = msg.group === null
  return [replyHere(msg, [`您有 ${cases.length} 件工单在办：`, ...cases.map((c) => caseLineText(c, now, withRoom))].join('\n'))]
}
