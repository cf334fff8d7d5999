import type { InboundMessage } from '../generated/prisma/client.js'
import type { GroupInfo, Reply } from '../../handlers/context.js'
import { routeOf } from '../../handlers/routes.js'
import { isStaff, replyHere } from '../../handlers/context.js'
import { attachPhoto } from '../../handlers/cases/attach-photo.js'
import { registerWebReport } from '../../handlers/report-page/web-report.js'
import { isTransientDbError } from '../db/retry.js'
import { markHandled } from '../db/statements/inbound.js'
import { enqueueInTransaction, enqueueReplies } from '../outbox/enqueue.js'
import { asClient, portsInTransaction } from './handler-ports.js'
import { retrying, type InboundDeps } from './inbound-deps.js'

/** A stored message, as handling reads it. */
export type StoredMessage = Pick<InboundMessage, 'id' | 'wechatId' | 'groupId' | 'talkerId' | 'talkerName' | 'text' | 'mentions' | 'late' | 'kind' | 'fileName' | 'fileData' | 'receivedAt'>

export interface HandleOptions {
  /** Which replies are queued for WeChat; the others are only returned (a dashboard shows them on its page). */
  keep?: (reply: Reply) => boolean
}

const TOO_MANY = '您这一小时发的命令太多了，请稍后再试。要反映问题的话，直接描述就行，照常登记。'

const NON_TEXT_HINT = '抱歉，我暂时只能看懂文字消息。请用文字描述问题，例如：3栋2单元楼道灯不亮了。'

/**
 * Handles a stored message: routes it, runs its handler, queues the replies and marks it handled.
 * A command that changes something does all of that in one transaction; a report is keyed by the
 * message (a case per message, replies by their keys), so handling it again doubles nothing.
 */
export async function processStored(deps: InboundDeps, row: StoredMessage, group: GroupInfo | null, mentionsBot: boolean, options: HandleOptions = {}): Promise<Reply[]> {
  const queued = (replies: Reply[]) => (options.keep ? replies.filter(options.keep) : replies)
  const { database, clock, community, log } = deps
  const { prisma: db, sql } = database
  try {
    const replies = await retrying(deps, row.wechatId, async () => {
      const sender = await deps.members.senderFor(row.talkerId, row.talkerName)
      const msg = { messageId: row.wechatId, text: row.text, sender, group, mentions: mentionsOf(row), stored: { id: row.id, receivedAt: row.receivedAt } }
      const serialize = deps.locks ? <T>(key: string, work: () => Promise<T>) => deps.locks!.run(key, work) : undefined
      const asLate = (replies: Reply[]) => (row.late ? replies.map((r) => (r.coalesce === 'ack' ? { ...r, coalesce: 'late' as const } : r)) : replies)
      const context = { msg, clock, community, classifier: deps.classifier, model: deps.model, serialize }
      if (row.kind === 'image' && row.fileData && group) {
        // A reporter's picture of what they just reported goes with the case; any other is let go.
        const attached = await attachPhoto({ ...context, db, ports: deps.ports }, { name: row.fileName ?? 'photo.jpg', data: row.fileData })
        if (attached.length || !mentionsBot) {
          await enqueueReplies(sql, community.id, attached, clock.now(), markHandled(row.id, clock.now()))
          return attached
        }
      }
      if (row.kind === 'web') {
        // A report from the report page: read and registered as a report in its building's group.
        const photo = row.fileData ? { name: row.fileName ?? 'photo.jpg', data: row.fileData } : null
        const { replies } = await registerWebReport({ ...context, db, ports: deps.ports }, photo)
        deps.faultAfterHandling?.(row.wechatId)
        await enqueueReplies(sql, community.id, queued(replies), clock.now(), markHandled(row.id, clock.now()))
        return replies
      }
      if (row.kind !== 'text') {
        const hint: Reply[] = mentionsBot ? [{ conversationId: group?.roomId ?? sender.id, isRoom: Boolean(group), text: NON_TEXT_HINT, mentionIds: [sender.id], key: `${row.wechatId}:non-text` }] : []
        await enqueueReplies(sql, community.id, hint, clock.now(), markHandled(row.id, clock.now()))
        return hint
      }
      const route = routeOf({ msg })
      // A resident's commands beyond the hour's budget are not run: one polite "later", then silence. Reports always go through.
      const allowance = route.command && !isStaff(sender) && deps.replyBudget ? deps.replyBudget.take(sender.id, clock.now().getTime()) : 'answer'
      if (allowance !== 'answer') {
        const later: Reply[] = allowance === 'wait' ? [replyHere(msg, TOO_MANY, 'too-many')] : []
        await enqueueReplies(sql, community.id, later, clock.now(), markHandled(row.id, clock.now()))
        return later
      }
      if (route.once) {
        // A command's change, its replies and "handled" commit together or not at all: a retry or a
        // restart finds nothing done, does it once and answers as the first time would have.
        const inTransaction = () => db.$transaction(
          async (tx) => {
            const replies = asLate(await route.run({ ...context, db: asClient(tx), ports: portsInTransaction(deps.ports) }))
            deps.faultAfterHandling?.(row.wechatId)
            await enqueueInTransaction(tx, community.id, queued(replies), clock.now())
            await tx.inboundMessage.update({ where: { id: row.id }, data: { status: 'handled', handledAt: clock.now() } })
            return replies
          },
          { maxWait: 30_000, timeout: 60_000 },
        )
        return route.lockKey && deps.locks ? deps.locks.run(route.lockKey, inTransaction) : inTransaction()
      }
      const replies = asLate(await route.run({ ...context, db, ports: deps.ports }))
      deps.faultAfterHandling?.(row.wechatId)
      await enqueueReplies(sql, community.id, queued(replies), clock.now(), markHandled(row.id, clock.now()))
      return replies
    })
    if (replies.length) deps.onQueued()
    return replies
  } catch (error) {
    if (isTransientDbError(error)) {
      // Still stored as received: handled by the next retry round or the next start.
      log.error({ err: error, messageId: row.wechatId, groupId: row.groupId }, 'database unavailable; message left for a later retry')
      return []
    }
    log.error({ err: error, messageId: row.wechatId, groupId: row.groupId }, 'handler failed')
    await db.inboundMessage.update({ where: { id: row.id }, data: { status: 'failed', error: String(error).slice(0, 500) } }).catch(() => undefined)
    return []
  }
}

function mentionsOf(row: StoredMessage): Array<{ id: string; name: string }> {
  try {
    return row.mentions ? (JSON.parse(row.mentions) as Array<{ id: string; name: string }>) : []
  } catch {
    return []
  }
}
