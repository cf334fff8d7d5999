import type { CommunityConfig, GroupKind } from '../config/community-config.js'
import type { Db } from '../db/client.js'
import type { GroupInfo } from '../../handlers/context.js'
import { buildingFromGroupName } from '../../handlers/parse/location.js'

/** How the config sees a group name: listed, or clearly one building's group, or not served. */
export function classifyTopic(config: CommunityConfig, topic: string): { kind: GroupKind; building: string | null } | null {
  const listed = config.groups.find((g) => g.topic === topic.trim())
  if (listed) return { kind: listed.kind, building: listed.building ?? (listed.kind === 'building' ? buildingFromGroupName(topic) : null) }
  const building = buildingFromGroupName(topic)
  return building ? { kind: 'building', building } : null
}

/**
 * Groups this process has already looked up, per database client: every message names its room,
 * and the room's row changes only through this file. Only the process holding the connection
 * handles messages; it starts with an empty cache each time it takes the connection.
 */
const known = new WeakMap<Db, Map<string, GroupInfo>>()
const cacheOf = (db: Db): Map<string, GroupInfo> => {
  let cache = known.get(db)
  if (!cache) known.set(db, (cache = new Map()))
  return cache
}

/** Rooms of named groups (the staff groups cases are announced in), per client, by community and topic; null: no such group yet. */
const roomsByTopic = new WeakMap<Db, Map<string, string | null>>()

/** Forgets the groups looked up so far (another process may have changed them meanwhile). */
export function forgetGroups(db: Db): void {
  known.delete(db)
  roomsByTopic.delete(db)
}

/** The room of the group with this name, if the bot has seen it; looked up once per process. */
export async function roomOfTopic(db: Db, communityId: number, topic: string): Promise<string | null> {
  let rooms = roomsByTopic.get(db)
  if (!rooms) roomsByTopic.set(db, (rooms = new Map()))
  const key = `${communityId}:${topic}`
  const cached = rooms.get(key)
  if (cached !== undefined) return cached
  const group = await db.chatGroup.findFirst({ where: { communityId, topic }, select: { roomId: true } })
  // Remembered either way: a group joined or renamed later goes through resolveGroup, which clears this.
  rooms.set(key, group?.roomId ?? null)
  return group?.roomId ?? null
}

/**
 * The served group for a room, stored under its stable room id so a rename keeps it
 * served; null for groups the bot must stay silent in.
 */
export async function resolveGroup(db: Db, communityId: number, config: CommunityConfig, roomId: string, topic: string): Promise<GroupInfo | null> {
  const cached = cacheOf(db).get(roomId)
  if (cached && (cached.topic === topic || topic === '')) return cached
  const group = await lookUpGroup(db, communityId, config, roomId, topic)
  if (group) cacheOf(db).set(roomId, group)
  return group
}

async function lookUpGroup(db: Db, communityId: number, config: CommunityConfig, roomId: string, topic: string): Promise<GroupInfo | null> {
  const known = await db.chatGroup.findUnique({ where: { roomId } })
  // The topic could not be read this time: the group as last recorded.
  if (topic === '') return known && !known.leftAt ? { id: known.id, roomId, topic: known.topic, kind: known.kind as GroupKind, building: known.building } : null
  const classified = classifyTopic(config, topic)
  if (!known && !classified) return null
  const kind = classified?.kind ?? (known!.kind as GroupKind)
  const building = classified ? classified.building : known!.building
  // A message from a group the bot had left means it is back in it.
  if (known && known.topic === topic && known.kind === kind && known.building === building && !known.leftAt) {
    return { id: known.id, roomId, topic, kind, building }
  }
  const row = await db.chatGroup.upsert({
    where: { roomId },
    create: { communityId, roomId, topic, kind, building },
    update: { topic, kind, building, leftAt: null },
  })
  // After the write, so a lookup made meanwhile cannot keep the old answer.
  roomsByTopic.delete(db)
  return { id: row.id, roomId, topic, kind, building }
}

/** The bot was removed from a group: it is marked left and what waited to be sent there is dropped. */
export async function leftGroup(db: Db, roomId: string, at: Date): Promise<{ topic: string; dropped: number } | null> {
  cacheOf(db).delete(roomId)
  roomsByTopic.delete(db)
  const group = await db.chatGroup.findUnique({ where: { roomId } })
  if (!group) return null
  await db.chatGroup.update({ where: { id: group.id }, data: { leftAt: at } })
  const dropped = await db.outboxMessage.updateMany({ where: { conversationId: roomId, status: 'pending' }, data: { status: 'dropped', error: 'removed from the group' } })
  return { topic: group.topic, dropped: dropped.count }
}
