import type { ParsedCommand } from '../commands/parse-command.js'
import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import { extractLocation } from '../parse/location.js'
import { normalizeText } from '../parse/normalize.js'
import { parseMessage } from '../parse/parse-message.js'
import { registerCase } from './register-case.js'

const USAGE = '登记 @居民 3栋2单元楼道灯不亮'

// The command and the @-mentions before the resident's words, as typed (the words are stored as they were written).
const LEADING = /^[\s\u2005]*(?:@[^\s\u2005@]{1,20}[\s\u2005]+)*登记[\s\u2005:：]*(?:@[^\s\u2005@]{1,20}[\s\u2005]*)*/

/**
 * 登记 @居民 内容: a staff member registers a case on a resident's behalf, in the group. Staff
 * have decided it is a report, so it becomes a case even where the model would have doubted it.
 */
export async function registerFor(ctx: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const resident = ctx.msg.mentions?.[0]
  const text = cmd.text ? ctx.msg.text.replace(LEADING, '').trim() : ''
  if (!ctx.msg.group) return [replyHere(ctx.msg, `请在居民所在的楼栋群里登记，例如：${USAGE}`)]
  if (!resident || !text) return [replyHere(ctx.msg, `请 @ 要登记的居民并写上问题，例如：${USAGE}`)]
  const read = parseMessage(text, ctx.msg.group.building, ctx.classifier)
  // Where the model would have kept silent, its reading of what and how urgent still stands.
  const unread = () => {
    const normalised = normalizeText(text)
    const { category, urgency } = ctx.classifier.read(normalised)
    return { category, urgency, ...extractLocation(normalised, ctx.msg.group!.building) }
  }
  const parsed = { ...read, ...(read.category ? {} : unread()), isRequest: true, suspected: false }
  return registerCase(ctx, { parsed, reporter: resident, text })
}
