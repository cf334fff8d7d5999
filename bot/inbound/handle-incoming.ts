import type { InboundMessage } from '../generated/prisma/client.js'
import type { Community, GroupInfo, ModelAccess, Reply } from '../../handlers/context.js'
import { routeOf } from '../../handlers/routes.js'
import type { Classifier } from '../../handlers/parse/model/classifier.js'
import type { Clock } from '../clock.js'
import type { GroupKind } from '../config/community-config.js'
import type { Db } from '../db/client.js'
import { isTransientDbError, Prisma, withDbRetry } from '../db/client.js'
import { maskPersonalNumbers } from '../../handlers/mask.js'
import { resolveGroup } from './groups.js'
import type { Logger } from '../logger.js'
import { senderFor } from './members.js'
import { enqueueInTransaction, enqueueReplies } from '../outbox/enqueue.js'
import { statements } from '../db/connection.js'
import type { KeyedLock } from './keyed-lock.js'

/** A chat message as it arrives from the connection, before anything is decided. */
export interface RawIncoming {
  messageId: string
  text: string
  talkerId: string
  talkerName: string
  roomId: string | null
  topic: string | null
  isText: boolean
  mentionsBot: boolean
  /** Everyone else the message @-mentions. */
  mentions?: Array<{ id: string; name: string }>
  /** Sent long before it reached the bot (delivered after downtime): acknowledged in one note per group. */
  late?: boolean
}

export interface RouterDeps {
  db: Db
  clock: Clock
  community: Community
  log: Logger
  classifier: Classifier
  model?: ModelAccess
  /** Called after replies were queued, to wake the sender. */
  onQueued: () => void
  /** WeChat ids being handled right now, so the retry of unhandled messages leaves them alone. */
  inFlight?: Set<string>
  /** How long a locked or unreachable database is waited for (default 5 minutes). */
  retryForMs?: number
  /** Tests only: called once a message's handler has done its work, before anything is committed; it may throw. */
  faultAfterHandling?: (messageId: string) => void
  /** Work that must not interleave per key (the duplicate check and the case it may create). */
  locks?: KeyedLock
}

const NON_TEXT_HINT = '抱歉，我暂时只能看懂文字消息。请用文字描述问题，例如：3栋2单元楼道灯不亮了。'

/** Stores the message (once, keyed by its WeChat id) and then handles it. Never throws. */
export async function handleIncoming(deps: RouterDeps, raw: RawIncoming): Promise<void> {
  const { db, community, log } = deps
  if (community.config.ignoreContacts.includes(raw.talkerId)) return
  deps.inFlight?.add(raw.messageId)
  try {
    let group: GroupInfo | null = null
    if (raw.roomId) {
      group = await retrying(deps, raw.messageId, () => resolveGroup(db, community.id, community.config, raw.roomId!, raw.topic ?? ''))
      if (!group) return
    }
    const stored = await retrying(deps, raw.messageId, () => storeIncoming(deps, raw, group))
    if (!stored) return
    await processStored(deps, stored, group, raw.mentionsBot)
  } catch (error) {
    log.error({ err: error, messageId: raw.messageId, roomId: raw.roomId, text: raw.isText ? maskPersonalNumbers(raw.text.slice(0, 80)) : undefined }, 'failed to store incoming message')
  } finally {
    deps.inFlight?.delete(raw.messageId)
  }
}

/** A database step tried again while the database is locked or down. */
function retrying<T>(deps: RouterDeps, messageId: string, work: () => Promise<T>): Promise<T> {
  return withDbRetry(work, (error, attempt, waitMs) => deps.log.warn({ err: String(error).slice(0, 200), messageId, attempt, waitMs }, 'database busy or unreachable; trying again'), deps.retryForMs)
}

async function storeIncoming(deps: RouterDeps, raw: RawIncoming, group: GroupInfo | null): Promise<InboundMessage | null> {
  const data = {
    communityId: deps.community.id, wechatId: raw.messageId, roomId: raw.roomId, groupId: group?.id ?? null,
    talkerId: raw.talkerId, talkerName: raw.talkerName, text: raw.text, mentions: raw.mentions?.length ? JSON.stringify(raw.mentions) : null, late: raw.late ?? false, kind: raw.isText ? 'text' : 'other',
    receivedAt: deps.clock.now(),
  }
  // No row back: delivered before, so stored (and handled, or will be on restart) already.
  const [stored] = await statements(deps.db).rows<{ id: number }>(Prisma.sql`
    INSERT INTO "InboundMessage" ("communityId", "wechatId", "roomId", "groupId", "talkerId", "talkerName", "text", "mentions", "late", "kind", "receivedAt", "status")
    VALUES (${data.communityId}, ${data.wechatId}, ${data.roomId}, ${data.groupId}, ${data.talkerId}, ${data.talkerName}, ${data.text}, ${data.mentions}, ${data.late}, ${data.kind}, ${data.receivedAt}, 'received')
    ON CONFLICT ("wechatId") DO NOTHING
    RETURNING "id"`)
  return stored ? { ...data, id: stored.id, status: 'received', handledAt: null, error: null } : null
}

async function processStored(deps: RouterDeps, row: InboundMessage, group: GroupInfo | null, mentionsBot: boolean): Promise<void> {
  const late = row.late
  const { db, clock, community, log } = deps
  try {
    // Handling again after a failure part-way is safe: cases are keyed by the message, replies by their keys.
    const replies = await retrying(deps, row.wechatId, async () => {
      const sender = await senderFor(db, community.id, row.talkerId, row.talkerName)
      const msg = { messageId: row.wechatId, text: row.text, sender, group, mentions: mentionsOf(row) }
      const serialize = deps.locks ? <T>(key: string, work: () => Promise<T>) => deps.locks!.run(key, work) : undefined
      const asLate = (replies: Reply[]) => (late ? replies.map((r) => (r.coalesce === 'ack' ? { ...r, coalesce: 'late' as const } : r)) : replies)
      if (row.kind !== 'text') {
        const hint: Reply[] = mentionsBot ? [{ conversationId: group?.roomId ?? sender.id, isRoom: Boolean(group), text: NON_TEXT_HINT, mentionIds: [sender.id], key: `${row.wechatId}:non-text` }] : []
        await enqueueReplies(db, community.id, hint, clock.now(), handledNow(row.id, clock.now()))
        return hint
      }
      const route = routeOf({ msg })
      if (route.once) {
        // A command's change, its replies and "handled" commit together or not at all: a retry or a
        // restart finds nothing done, does it once and answers as the first time would have.
        return db.$transaction(
          async (tx) => {
            const replies = asLate(await route.run({ msg, db: asClient(tx), clock, community, classifier: deps.classifier, model: deps.model, serialize }))
            deps.faultAfterHandling?.(row.wechatId)
            await enqueueInTransaction(tx, community.id, replies, clock.now())
            await tx.inboundMessage.update({ where: { id: row.id }, data: { status: 'handled', handledAt: clock.now() } })
            return replies
          },
          { maxWait: 30_000, timeout: 60_000 },
        )
      }
      // Reports are keyed by the message (a case per message, replies by their keys): handled again, nothing is doubled.
      const replies = asLate(await route.run({ msg, db, clock, community, classifier: deps.classifier, model: deps.model, serialize }))
      deps.faultAfterHandling?.(row.wechatId)
      await enqueueReplies(db, community.id, replies, clock.now(), handledNow(row.id, clock.now()))
      return replies
    })
    if (replies.length) deps.onQueued()
  } catch (error) {
    if (isTransientDbError(error)) {
      // Still stored as received: handled by the next retry round or the next start.
      log.error({ err: error, messageId: row.wechatId, groupId: row.groupId }, 'database unavailable; message left for a later retry')
      return
    }
    log.error({ err: error, messageId: row.wechatId, groupId: row.groupId }, 'handler failed')
    await db.inboundMessage.update({ where: { id: row.id }, data: { status: 'failed', error: String(error).slice(0, 500) } }).catch(() => undefined)
  }
}

const handledNow = (id: number, now: Date): Prisma.Sql => Prisma.sql`UPDATE "InboundMessage" SET "status" = 'handled', "handledAt" = ${now} WHERE "id" = ${id}`

/**
 * A transaction's client where handlers expect the full one: a `$transaction` inside it runs on
 * the same transaction (a batch in order, a callback with this client).
 */
function asClient(tx: Prisma.TransactionClient): Db {
  const client: Db = new Proxy(tx, {
    get(target, property, receiver) {
      if (property !== '$transaction') return Reflect.get(target, property, receiver)
      return async (work: unknown) => {
        if (typeof work === 'function') return (work as (db: Db) => Promise<unknown>)(client)
        const results: unknown[] = []
        for (const step of work as Array<Promise<unknown>>) results.push(await step)
        return results
      }
    },
  }) as unknown as Db
  return client
}

function mentionsOf(row: InboundMessage): Array<{ id: string; name: string }> {
  try {
    return row.mentions ? (JSON.parse(row.mentions) as Array<{ id: string; name: string }>) : []
  } catch {
    return []
  }
}

/** Messages stored but not handled when the bot last stopped: handled now, at most once each. */
export async function handlePending(deps: RouterDeps): Promise<number> {
  const found = await deps.db.inboundMessage.findMany({ where: { communityId: deps.community.id, status: 'received' }, orderBy: { id: 'asc' } })
  const rows = found.filter((r) => !deps.inFlight?.has(r.wechatId))
  for (const row of rows) {
    const groupRow = row.groupId ? await deps.db.chatGroup.findUnique({ where: { id: row.groupId } }) : null
    const group = groupRow
      ? { id: groupRow.id, roomId: groupRow.roomId, topic: groupRow.topic, kind: groupRow.kind as GroupKind, building: groupRow.building }
      : null
    deps.inFlight?.add(row.wechatId)
    await processStored(deps, row, group, false).finally(() => deps.inFlight?.delete(row.wechatId))
  }
  return rows.length
}
