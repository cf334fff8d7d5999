import type { Party } from '../community/vocabulary.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { CATEGORIES, CATEGORY_NAMES, type Category } from '../parse/lexicon.js'
import { extractLocation } from '../parse/location.js'
import { normalizeText } from '../parse/normalize.js'
import type { Urgency } from '../parse/parse-message.js'
import { mayActOn, outOfScopeText } from './access.js'
import { findCase, moveCase, type CaseRow } from './case-store.js'
import { postToCaseGroup } from './case-replies.js'
import { categoryName, locationText } from './case-texts.js'
import { deadlinesFor } from './deadlines.js'
import { notifyHandler } from './notify-handler.js'
import { partyFor } from './routing.js'
import { recordExample } from './station-examples.js'
import { isOpen, type CaseState } from './states.js'

const USAGE = '改 #12 类别 电梯、改 #12 紧急（或 一般、不急）、改 #12 位置 3栋2单元501'

const URGENCY_WORDS: Record<string, Urgency> = { 紧急: 'urgent', 加急: 'urgent', 一般: 'normal', 普通: 'normal', 不急: 'low', 不紧急: 'low' }
const URGENCY_NAMES: Record<Urgency, string> = { urgent: '紧急', normal: '一般', low: '不急' }

// Besides the full names (给排水, 电梯 …), the words staff are likely to type.
const CATEGORY_ALIASES: Record<string, Category> = {
  水: 'water', 漏水: 'water', 下水: 'water', 电: 'power', 照明: 'power', 路灯: 'power', 燃气: 'gas_heating', 煤气: 'gas_heating',
  暖气: 'gas_heating', 供暖: 'gas_heating', 设施: 'facility', 卫生: 'sanitation', 垃圾: 'sanitation', 环卫: 'sanitation',
  停车: 'parking', 交通: 'parking', 安全: 'safety', 消防: 'safety', 噪音: 'noise', 扰民: 'noise', 纠纷: 'dispute', 调解: 'dispute',
  助老: 'care', 帮扶: 'care', 物业: 'property', 业委会: 'property', 咨询: 'consult', 政策: 'consult',
}

function categoryOf(word: string): Category | null {
  const byName = CATEGORIES.find((c) => CATEGORY_NAMES[c] === word || c === word)
  return byName ?? CATEGORY_ALIASES[word] ?? null
}

interface Correction {
  fields: Partial<Pick<CaseRow, 'category' | 'urgency' | 'building' | 'unit' | 'room'>>
  /** "类别：给排水 → 电梯", for the case's history. */
  change: string
  /** The short line for the reporter's group. */
  line: (n: number) => string
}

function correctionOf(rest: string, caseRow: CaseRow): Correction | null {
  const [head = '', ...tail] = rest.split(/\s+/)
  const value = tail.join('')
  const urgency = URGENCY_WORDS[head]
  if (urgency) {
    return {
      fields: { urgency },
      change: `紧急程度：${URGENCY_NAMES[caseRow.urgency as Urgency]} → ${URGENCY_NAMES[urgency]}`,
      line: (n) => `更正：#${n} 的紧急程度是「${URGENCY_NAMES[urgency]}」。`,
    }
  }
  if (head === '类别' || head === '分类') {
    const category = categoryOf(value)
    if (!category) return null
    return {
      fields: { category },
      change: `类别：${categoryName(caseRow.category)} → ${categoryName(category)}`,
      line: (n) => `更正：#${n} 的类别是「${categoryName(category)}」。`,
    }
  }
  if (head === '位置' || head === '地址') {
    const place = extractLocation(normalizeText(value), null)
    if (!place.building && !place.unit && !place.room) return null
    return {
      fields: place,
      change: `位置：${locationText(caseRow)} → ${locationText(place)}`,
      // Said in the reporter's group: the unit, not the room.
      line: (n) => (place.building || place.unit ? `更正：#${n} 的位置是 ${locationText(place, false)}。` : `更正：#${n} 的门牌已更正。`),
    }
  }
  return null
}

/**
 * 改 #N 类别 / 紧急 / 位置: staff correct what the bot read. Routing and deadlines follow, the
 * new party hears of the case, the reporter's group gets one corrected line (if it was told
 * anything), and the correction is kept as a labelled example.
 */
export async function correctCase(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  if (cmd.number === null) return [replyHere(ctx.msg, `请写上工单号和要改的内容，例如：${USAGE}`)]
  const caseRow = await findCase(ctx.db, ctx.community.id, cmd.number)
  if (!caseRow) return [replyHere(ctx.msg, `没有找到 #${cmd.number} 号工单，请核对工单号。`)]
  if (!mayActOn(ctx.msg.sender, caseRow, ctx.community.config)) return [replyHere(ctx.msg, outOfScopeText(caseRow.number, caseRow.party))]
  const correction = correctionOf(cmd.rest, caseRow)
  if (!correction) return [replyHere(ctx.msg, `没看懂要改什么，例如：${USAGE}`)]
  const { config } = ctx.community
  const now = ctx.clock.now()
  const next = { ...caseRow, ...correction.fields }
  const party: Party = correction.fields.category && isOpen(caseRow.state) ? partyFor(next.category, caseRow.text, config) : (caseRow.party as Party)
  const deadlines = correction.fields.urgency ? deadlinesFor(next.urgency as Urgency, caseRow.createdAt, config) : undefined
  const actor = { id: ctx.msg.sender.id, name: ctx.msg.sender.name }
  const updated = await moveCase(ctx.db, caseRow, {
    to: caseRow.state as CaseState, actor, action: 'corrected', note: correction.change, at: now, fields: correction.fields, deadlines,
    ...(party !== caseRow.party ? { party, assignee: null } : {}),
  })
  await recordExample(ctx.db, updated, 'corrected', true, { actorId: actor.id, messageId: ctx.msg.messageId }, now, ctx.community.config.publicNumbers)
  const told = caseRow.state !== 'suspected'
  const posts = told ? await postToCaseGroup(ctx.db, updated, correction.line(updated.number), `${ctx.msg.messageId}:case-${updated.id}`) : []
  const routed = party !== caseRow.party ? await notifyHandler(ctx, updated, 'routed') : []
  const confirm = `已更正 #${updated.number}：${correction.change}${party !== caseRow.party ? `，改由${party}负责` : ''}。`
  const here = posts.some((p) => p.conversationId === (ctx.msg.group?.roomId ?? ctx.msg.sender.id))
  return [...posts, ...(here ? [] : [replyHere(ctx.msg, confirm)]), ...routed]
}
