import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { categoryName, locationText } from './case-texts.js'
import { dayText } from '../time.js'

/** 议程: the cases waiting for the monthly joint meeting (协商中), longest waiting first. */
export async function showAgenda({ msg, db, community }: HandlerContext): Promise<Reply[]> {
  const cases = await db.case.findMany({
    where: { communityId: community.id, state: 'discussing' },
    orderBy: [{ discussedAt: 'asc' }, { number: 'asc' }],
    take: 30,
  })
  if (cases.length === 0) return [replyHere(msg, '联席会议议程目前是空的。需要协商的工单请用「议 #工单号」提交。')]
  const tz = community.config.timezone
  // Rooms stay out of a group's view.
  const lines = cases.map((c, i) => `${i + 1}. #${c.number} ${categoryName(c.category)}｜${locationText(c, msg.group === null)}｜${c.party}｜${dayText(c.discussedAt ?? c.updatedAt, tz)}提交`)
  return [replyHere(msg, [`联席会议议程（${cases.length} 件，先提交的在前）：`, ...lines].join('\n'))]
}
