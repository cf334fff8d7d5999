import type { GroupKind } from '../../handlers/community/vocabulary.js'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import type { Db, GroupInfo } from '../../handlers/context.js'
import { buildingFromGroupName } from '../../handlers/parse/location.js'

type Classified = { kind: GroupKind; building: string | null }

/** How the config sees a group name: listed, or clearly one building's group, or not served. */
export function classifyTopic(config: CommunityConfig, topic: string): Classified | null {
  return listedAs(config, topic) ?? byBuildingName(topic)
}

function listedAs(config: CommunityConfig, topic: string): Classified | null {
  const listed = config.groups.find((g) => g.topic === topic.trim())
  return listed ? { kind: listed.kind, building: listed.building ?? (listed.kind === 'building' ? buildingFromGroupName(topic) : null) } : null
}

function byBuildingName(topic: string): Classified | null {
  const building = buildingFromGroupName(topic)
  return building ? { kind: 'building', building } : null
}

/**
 * The community's groups as this process knows them. Every message names its room, and a room's
 * row changes only through here, so each is looked up once. Only the process holding the WeChat
 * connection handles messages; it forgets what it knew each time it takes the connection.
 */
export class GroupDirectory {
  private readonly known = new Map<string, GroupInfo>()
  /** Rooms of named groups (the staff groups cases are announced in) by topic; null: no such group yet. */
  private readonly roomsByTopic = new Map<string, string | null>()

  /** Told when a second room takes the name of a configured group already bound to another (alerts the operators). */
  onNameTaken: (topic: string, roomId: string) => void = () => undefined

  constructor(
    private readonly db: Db,
    private readonly communityId: number,
    private readonly config: CommunityConfig,
  ) {}

  /** Forgets the groups looked up so far (another process may have changed them meanwhile). */
  forget(): void {
    this.known.clear()
    this.roomsByTopic.clear()
  }

  /**
   * The room bound to the configured group of this name, if the bot has seen it: the room that had
   * the name first keeps it through renames, and a room named so later is never taken for it.
   */
  async roomOfTopic(topic: string): Promise<string | null> {
    const cached = this.roomsByTopic.get(topic)
    if (cached !== undefined) return cached
    const group = await this.db.chatGroup.findFirst({ where: { communityId: this.communityId, boundTopic: topic, leftAt: null }, select: { roomId: true } })
    // Remembered either way: a group joined or renamed later goes through resolve, which clears this.
    this.roomsByTopic.set(topic, group?.roomId ?? null)
    return group?.roomId ?? null
  }

  /**
   * The served group for a room, stored under its stable room id so a rename keeps it served; null
   * for groups the bot must stay silent in. An empty topic: it could not be read this time.
   */
  async resolve(roomId: string, topic: string): Promise<GroupInfo | null> {
    const cached = this.known.get(roomId)
    if (cached && (cached.topic === topic || topic === '')) return cached
    const group = await this.lookUp(roomId, topic)
    if (group) this.known.set(roomId, group)
    return group
  }

  private async lookUp(roomId: string, topic: string): Promise<GroupInfo | null> {
    const { db, communityId, config } = this
    const known = await db.chatGroup.findUnique({ where: { communityId_roomId: { communityId, roomId } } })
    if (topic === '') return known && !known.leftAt ? { id: known.id, roomId, topic: known.topic, kind: known.kind as GroupKind, building: known.building } : null
    // A configured group is the room first seen under its name, whatever it is called since.
    const boundTopic = known?.boundTopic ?? (await this.bindable(roomId, topic))
    const classified = boundTopic ? listedAs(config, boundTopic) ?? byBuildingName(topic) : byBuildingName(topic)
    if (!known && !classified) return null
    const kind = classified?.kind ?? (known!.kind as GroupKind)
    const building = classified ? classified.building : known!.building
    // A message from a group the bot had left means it is back in it.
    if (known && known.topic === topic && known.kind === kind && known.building === building && known.boundTopic === boundTopic && !known.leftAt) {
      return { id: known.id, roomId, topic, kind, building }
    }
    const row = await db.chatGroup.upsert({
      where: { communityId_roomId: { communityId, roomId } },
      create: { communityId, roomId, topic, kind, building, boundTopic },
      update: { topic, kind, building, boundTopic, leftAt: null },
    })
    // After the write, so a lookup made meanwhile cannot keep the old answer.
    this.roomsByTopic.clear()
    return { id: row.id, roomId, topic, kind, building }
  }

  /**
   * The configured name a room not yet bound may take: its topic, when the config lists it and no
   * other room (still served) holds it. A second room under a bound name is not served as that
   * group, and the operators are told.
   */
  private async bindable(roomId: string, topic: string): Promise<string | null> {
    if (!listedAs(this.config, topic)) return null
    const holder = await this.db.chatGroup.findFirst({ where: { communityId: this.communityId, boundTopic: topic.trim(), leftAt: null, roomId: { not: roomId } }, select: { roomId: true } })
    if (!holder) return topic.trim()
    this.onNameTaken(topic.trim(), roomId)
    return null
  }

  /**
   * A served group by its room id alone, read-only: a standby account hears the groups the active
   * one serves under the same ids, binds nothing and alerts nothing. Null for any other room.
   */
  async servedById(roomId: string): Promise<GroupInfo | null> {
    const cached = this.known.get(roomId)
    if (cached) return cached
    const row = await this.db.chatGroup.findUnique({ where: { communityId_roomId: { communityId: this.communityId, roomId } } })
    if (!row) return null
    const group = { id: row.id, roomId, topic: row.topic, kind: row.kind as GroupKind, building: row.building }
    this.known.set(roomId, group)
    return group
  }

  /** The bot was removed from a group: it is marked left and what waited to be sent there is dropped. */
  async left(roomId: string, at: Date): Promise<{ topic: string; dropped: number } | null> {
    this.known.delete(roomId)
    this.roomsByTopic.clear()
    const group = await this.db.chatGroup.findUnique({ where: { communityId_roomId: { communityId: this.communityId, roomId } } })
    if (!group) return null
    await this.db.chatGroup.update({ where: { id: group.id }, data: { leftAt: at } })
    const dropped = await this.db.outboxMessage.updateMany({ where: { communityId: this.communityId, conversationId: roomId, status: 'pending' }, data: { status: 'dropped', error: 'removed from the group' } })
    return { topic: group.topic, dropped: dropped.count }
  }

  /** Registers the groups the account is already in, so schedules know where to post. */
  async sync(rooms: Array<{ id: string; topic: () => Promise<string> }>): Promise<void> {
    for (const room of rooms) await this.resolve(room.id, await room.topic())
  }
}
