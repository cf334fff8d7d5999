import type { Db } from '../db/client.js'

/** A standby account's copy and the active account's are one message when they are this close in time. */
const COPY_WINDOW_MS = 60_000
/** Statuses of messages a standby account stored, which nobody handles as they are. */
export const NOT_LIVE = ['heard', 'copy', 'stale']
/** What a takeover adopts at most: the day before it. */
const ADOPT_AT_MOST_MS = 24 * 3_600_000
/** Heard a little before the active account's last message may still be one it missed. */
const ADOPT_MARGIN_MS = 2 * 60_000

/**
 * Marks as copies the group messages a standby heard since `since` that the active account also
 * stored (same group, sender, kind and text, within a minute; the ids differ per account).
 */
export async function settleCopies(db: Db, communityId: number, since: Date): Promise<void> {
  const heard = await db.inboundMessage.findMany({
    where: { communityId, status: 'heard', groupId: { not: null }, receivedAt: { gte: since } },
    select: { id: true, groupId: true, talkerId: true, kind: true, text: true, receivedAt: true },
  })
  for (const h of heard) {
    const at = h.receivedAt.getTime()
    const live = await db.inboundMessage.findFirst({
      where: {
        talkerId: h.talkerId, receivedAt: { gte: new Date(at - COPY_WINDOW_MS), lte: new Date(at + COPY_WINDOW_MS) },
        communityId, groupId: h.groupId, kind: h.kind, text: h.text, status: { notIn: NOT_LIVE },
      },
      select: { id: true },
    })
    if (live) await db.inboundMessage.update({ where: { id: h.id }, data: { status: 'copy', fileData: null } })
  }
}

/** When the active account last stored a group message, if it ever did. */
async function lastLiveAt(db: Db, communityId: number): Promise<Date | null> {
  const row = await db.inboundMessage.findFirst({ where: { communityId, groupId: { not: null }, status: { notIn: NOT_LIVE } }, orderBy: { id: 'desc' }, select: { receivedAt: true } })
  return row?.receivedAt ?? null
}

/**
 * The active account has gone deaf while the groups talk: since its last group message, at least
 * `messages` group messages reached only the standby, the first of them `quietMs` ago or more.
 */
export async function activeIsDeaf(db: Db, communityId: number, now: Date, messages: number, quietMs: number): Promise<boolean> {
  const since = (await lastLiveAt(db, communityId)) ?? new Date(now.getTime() - ADOPT_AT_MOST_MS)
  const only = await db.inboundMessage.findMany({
    where: { communityId, status: 'heard', groupId: { not: null }, receivedAt: { gt: since } },
    orderBy: { id: 'asc' }, take: messages, select: { receivedAt: true },
  })
  return only.length >= messages && now.getTime() - only[0]!.receivedAt.getTime() >= quietMs
}

/**
 * At a takeover: what only the standby heard since the active account's last message becomes the
 * standby's to handle (status received, in the order heard); its copies and anything older are let go.
 */
export async function adoptHeard(db: Db, communityId: number, now: Date): Promise<number> {
  const floor = now.getTime() - ADOPT_AT_MOST_MS
  const last = await lastLiveAt(db, communityId)
  const from = new Date(Math.max(floor, (last?.getTime() ?? floor) - ADOPT_MARGIN_MS))
  await settleCopies(db, communityId, new Date(from.getTime() - COPY_WINDOW_MS))
  const adopted = await db.inboundMessage.updateMany({ where: { communityId, status: 'heard', receivedAt: { gte: from } }, data: { status: 'received' } })
  await letGoOfHeardBefore(db, communityId, from)
  return adopted.count
}

/** Heard messages no takeover adopted are let go (their pictures with them): before a takeover's gap, or older than a day. */
export async function letGoOfHeardBefore(db: Db, communityId: number, before: Date): Promise<void> {
  await db.inboundMessage.updateMany({ where: { communityId, status: 'heard', receivedAt: { lt: before } }, data: { status: 'stale', fileData: null } })
}

/** The oldest a heard message is kept waiting for a takeover. */
export const heardKeptFrom = (now: Date) => new Date(now.getTime() - ADOPT_AT_MOST_MS)
