import type { HandlerContext, Reply } from '../context.js'
import { readsInGroup, replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { categoryName } from '../cases/case-texts.js'
import { OPEN_STATES, stateWord } from '../cases/states.js'
import { dayText } from '../time.js'
import { addressText, leadingAddress } from './address.js'

const VISIT_HINT = '请写明门牌和走访情况，例如：走访 3栋2单元501 老人身体还好，需要代买药'
const FLAG_HINT = '请写明门牌，例如：独居 3栋2单元501（取消标记：取消独居 3栋2单元501）'

/**
 * 走访 3栋2单元501 情况: records a home visit. The note may hold health details, so it is never
 * repeated back — in a group the answer only confirms and suggests a private chat next time.
 */
export async function recordVisit({ msg, db, clock, community }: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  // The note is kept as written, so it is read from the message rather than the cleaned command.
  const at = msg.text.indexOf(cmd.word)
  const parsed = leadingAddress(at >= 0 ? msg.text.slice(at + cmd.word.length) : cmd.text)
  if (!parsed) return [replyHere(msg, VISIT_HINT)]
  const { address, rest } = parsed
  const now = clock.now()
  await db.visit.create({ data: { communityId: community.id, ...address, visitorId: msg.sender.id, visitorName: msg.sender.name, note: rest, at: now } })
  // The note is kept once, in the visit record (which 删除我的信息 and the retention purge reach), not also in the stored message.
  await db.inboundMessage.updateMany({ where: { wechatId: msg.messageId }, data: { text: `走访 ${addressText(address)}（情况见走访记录）` } })
  const [household, open] = await Promise.all([
    db.household.findUnique({ where: { communityId_building_unit_room: { communityId: community.id, ...address } } }),
    db.case.findMany({ where: { communityId: community.id, building: address.building, room: address.room, state: { in: OPEN_STATES } }, orderBy: { number: 'asc' }, take: 5 }),
  ])
  // Neighbours read a group: there the answer names no household and nothing about it.
  if (readsInGroup(msg)) return [replyHere(msg, `已记录一次走访（${dayText(now, community.config.timezone)}）。门牌和走访情况涉及隐私，不在群里显示；下次请私聊红管家记录。`)]
  const lines = [`已记录走访：${addressText(address)}${household?.livingAlone ? '（独居户）' : ''}，${dayText(now, community.config.timezone)}。`]
  const mine = open.filter((c) => !address.unit || !c.unit || c.unit === address.unit)
  if (mine.length) lines.push(`该户还有未办结的工单：${mine.map((c) => `#${c.number} ${categoryName(c.category)}（${stateWord(c.state)}）`).join('、')}`)
  if (!rest) lines.push('没有写走访情况；需要补充的话再发一次「走访 门牌 情况」。')
  return [replyHere(msg, lines.join('\n'))]
}

/** 独居 3栋2单元501 / 取消独居 …: flags a household as living alone, so home visits include it. */
export async function flagLivingAlone({ msg, db, clock, community }: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const parsed = leadingAddress(cmd.text)
  if (!parsed) return [replyHere(msg, FLAG_HINT)]
  const livingAlone = cmd.word === '独居'
  const key = { communityId: community.id, ...parsed.address }
  await db.household.upsert({
    where: { communityId_building_unit_room: key },
    create: { ...key, livingAlone, updatedBy: msg.sender.id, updatedAt: clock.now() },
    update: { livingAlone, updatedBy: msg.sender.id, updatedAt: clock.now() },
  })
  if (readsInGroup(msg)) return [replyHere(msg, `${livingAlone ? '已标记' : '已取消标记'}。门牌不在群里显示；这类标记请私聊红管家。`)]
  const where = addressText(parsed.address)
  return [replyHere(msg, livingAlone ? `已将 ${where} 标记为独居户，每期入户走访都会提醒楼栋长。` : `已取消 ${where} 的独居标记。`)]
}
