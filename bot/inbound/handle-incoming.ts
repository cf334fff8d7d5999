import type { GroupInfo, Reply } from '../../handlers/context.js'
import type { GroupKind } from '../../handlers/community/vocabulary.js'
import { maskPersonalNumbers } from '../../handlers/mask.js'
import { insertInbound } from '../db/statements/inbound.js'
import { retrying, type InboundDeps } from './inbound-deps.js'
import { processStored, type HandleOptions, type StoredMessage } from './process-stored.js'

export type { InboundDeps }

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
  /** A picture's name and bytes (at most MAX_PICTURE_BYTES; a larger one arrives without them). */
  file?: { name: string; data: Uint8Array }
}

/** The largest picture kept: residents' photos of a fault, not albums. */
export const MAX_PICTURE_BYTES = 2 * 1024 * 1024

/** Stores the message (once, keyed by its WeChat id) and then handles it. Never throws. */
export async function handleIncoming(deps: InboundDeps, raw: RawIncoming): Promise<void> {
  const { community, log } = deps
  if (community.config.ignoreContacts.includes(raw.talkerId)) return
  deps.inFlight?.add(raw.messageId)
  try {
    let group: GroupInfo | null = null
    if (raw.roomId) {
      group = await retrying(deps, raw.messageId, () => deps.groups.resolve(raw.roomId!, raw.topic ?? ''))
      if (!group) return
    }
    const stored = await retrying(deps, raw.messageId, () => storeIncoming(deps, raw, group))
    if (!stored) return
    await processStored(deps, stored, group, raw.mentionsBot)
  } catch (error) {
    const text = raw.isText ? maskPersonalNumbers(raw.text.slice(0, 80), community.config.publicNumbers) : undefined
    log.error({ err: error, messageId: raw.messageId, roomId: raw.roomId, text }, 'failed to store incoming message')
  } finally {
    deps.inFlight?.delete(raw.messageId)
  }
}

async function storeIncoming(deps: InboundDeps, raw: RawIncoming, group: GroupInfo | null, status: 'received' | 'heard' = 'received'): Promise<StoredMessage | null> {
  const data = {
    communityId: deps.community.id, wechatId: raw.messageId, roomId: raw.roomId, groupId: group?.id ?? null,
    talkerId: raw.talkerId, talkerName: raw.talkerName, text: raw.text, mentions: raw.mentions?.length ? JSON.stringify(raw.mentions) : null,
    late: raw.late ?? false, kind: raw.isText ? ('text' as const) : raw.file ? ('image' as const) : ('other' as const), receivedAt: deps.clock.now(),
    fileName: raw.file?.name ?? null, fileData: raw.file ? Buffer.from(raw.file.data) : null,
  }
  // No row back: delivered before, so stored (and handled, or will be on restart) already.
  const id = await insertInbound(deps.database.sql, data, status)
  return id === null ? null : { ...data, id }
}

/**
 * What a standby account hears while another account holds the connection: stored as heard, for
 * a takeover to handle what the active account missed. Only the served groups it knows by id, and
 * private messages; never what the active account itself says there.
 */
export async function storeHeard(deps: InboundDeps, raw: RawIncoming, activeAccount: string | null): Promise<void> {
  const { community, log } = deps
  if (community.config.ignoreContacts.includes(raw.talkerId) || raw.talkerId === activeAccount) return
  try {
    const group = raw.roomId ? await deps.groups.servedById(raw.roomId) : null
    if (raw.roomId && !group) return
    await retrying(deps, raw.messageId, () => storeIncoming(deps, raw, group, 'heard'))
  } catch (error) {
    log.error({ err: error, messageId: raw.messageId, roomId: raw.roomId }, 'failed to store a message heard on standby')
  }
}

/** Messages stored but not handled when the bot last stopped: handled now, at most once each. */
export async function handlePending(deps: InboundDeps): Promise<number> {
  const db = deps.database.prisma
  const found = await db.inboundMessage.findMany({ where: { communityId: deps.community.id, status: 'received' }, orderBy: { id: 'asc' } })
  const rows = found.filter((r) => !deps.inFlight?.has(r.wechatId))
  for (const row of rows) {
    const groupRow = row.groupId ? await db.chatGroup.findUnique({ where: { id: row.groupId } }) : null
    const group = groupRow ? { id: groupRow.id, roomId: groupRow.roomId, topic: groupRow.topic, kind: groupRow.kind as GroupKind, building: groupRow.building } : null
    deps.inFlight?.add(row.wechatId)
    await processStored(deps, row, group, false).finally(() => deps.inFlight?.delete(row.wechatId))
  }
  return rows.length
}

/** A command given outside WeChat (a dashboard's form), as the person would have sent it privately. */
export interface OutsideCommand {
  /** Unique per submission, so a form sent twice is applied once. */
  messageId: string
  talkerId: string
  talkerName: string
  text: string
}

/**
 * Stores the command like a private message and handles it through the same route, state machine
 * and outbox as the chat: the replies, or null when this submission was handled before.
 */
export async function handleOutsideCommand(deps: InboundDeps, command: OutsideCommand, options: HandleOptions): Promise<Reply[] | null> {
  const raw: RawIncoming = { ...command, roomId: null, topic: null, isText: true, mentionsBot: false }
  const stored = await retrying(deps, command.messageId, () => storeIncoming(deps, raw, null))
  if (!stored) return null
  return processStored(deps, stored, null, false, options)
}
