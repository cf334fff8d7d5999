import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { caseLineText } from './case-texts.js'
import { OPEN_STATES } from './states.js'

const LIMIT = 30

/** 待办: open cases in the sender's scope, oldest first, overdue marked. */
export async function listTodo({ msg, db, clock, community }: HandlerContext): Promise<Reply[]> {
  const { roles, buildings, id } = msg.sender
  const everything = roles.has('secretary') || roles.has('admin') || roles.has('grid_worker')
  const scope = everything
    ? {}
    : {
        OR: [
          { assigneeId: id },
          ...(roles.has('property') ? [{ party: '物业' }] : []),
          ...(buildings.length ? [{ building: { in: [...buildings] } }] : []),
        ],
      }
  const where = { communityId: community.id, state: { in: OPEN_STATES }, ...scope }
  const [cases, total] = await Promise.all([
    db.case.findMany({ where, orderBy: { createdAt: 'asc' }, take: LIMIT }),
    db.case.count({ where }),
  ])
  if (total === 0) return [replyHere(msg, '目前没有待办工单。')]
  const now = clock.now()
  const more = total > LIMIT ? `\n……另有 ${total - LIMIT} 件未列出。` : ''
  return [replyHere(msg, [`待办工单 ${total} 件（最早的在前）：`, ...cases.map((c) => caseLineText(c, now))].join('\n') + more)]
}
