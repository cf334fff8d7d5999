import type { GroupKind, Role } from './community/vocabulary.js'
import type { CommunityConfig } from './community/config-schema.js'
import type { Db, Ports } from './ports.js'
import type { Classifier } from './parse/model/classifier.js'
import type { ModelAccess } from './parse/model-access.js'

export type { Db, Ports }
export type { ModelAccess }

/** The only source of "now": the bot passes the system clock, tests a fixed or settable one. */
export interface Clock {
  now(): Date
}

export interface Sender {
  id: string
  name: string
  roles: ReadonlySet<Role>
  buildings: readonly string[]
}

export interface GroupInfo {
  id: number
  roomId: string
  topic: string
  kind: GroupKind
  building: string | null
}

/** One chat message, normalised once at the edge. `group` is null in a private chat. */
export interface Incoming {
  messageId: string
  text: string
  sender: Sender
  group: GroupInfo | null
  /** Who else the message @-mentions (登记 @居民 …). */
  mentions?: ReadonlyArray<{ id: string; name: string }>
  /** Where and when it was stored: the conversation before it is what was stored before it. */
  stored?: { id: number; receivedAt: Date }
}

/** Something to say: the router turns each into an outbox row keyed by `key`. */
export interface Reply {
  conversationId: string
  isRoom: boolean
  /** For an image, a short description of it: stored with the row, not sent. */
  text: string
  mentionIds?: string[]
  key: string
  /** A picture (PNG) to send instead of the text. */
  image?: { name: string; data: Uint8Array }
  /**
   * Messages of this kind waiting together for one group are sent as one: acknowledgements
   * ('late': of reports read after downtime), co-reporters' acknowledgements ('same') and new-case
   * notices to a staff group.
   */
  coalesce?: 'ack' | 'late' | 'notice' | 'same'
  /** Part of one broadcast to many groups (its key): the groups are spaced apart. */
  broadcast?: string
  /** About an urgent report (its receipt, the notice to staff): sent first, never held by a group's own limits. */
  urgent?: boolean
}

export interface Community {
  id: number
  config: CommunityConfig
}

export interface HandlerContext {
  msg: Incoming
  db: Db
  clock: Clock
  community: Community
  /** The trained reader of residents' messages. */
  classifier: Classifier
  model?: ModelAccess
  ports: Ports
  /** Runs `work` after every earlier work of the same key has finished (one at a time per key). */
  serialize?: <T>(key: string, work: () => Promise<T>) => Promise<T>
}

export type Handler = (ctx: HandlerContext) => Promise<Reply[]>

/** A reply in the conversation the message came from, @-mentioning the sender in a group. */
export function replyHere(msg: Incoming, text: string, key = 'reply'): Reply {
  if (msg.group) {
    return { conversationId: msg.group.roomId, isRoom: true, text, mentionIds: [msg.sender.id], key: `${msg.messageId}:${key}` }
  }
  return { conversationId: msg.sender.id, isRoom: false, text, key: `${msg.messageId}:${key}` }
}

/** A private message to one person, under its own key (notices, offers, reminders). */
export const privately = (contactId: string, key: string, text: string): Reply => ({ conversationId: contactId, isRoom: false, text, key })

export const STAFF_ROLES: readonly Role[] = ['building_head', 'grid_worker', 'property', 'secretary', 'admin', 'street_secretary', 'street_staff']
/** The street's secretary has a community secretary's rights in each of the street's communities. */
export const SECRETARY_ROLES: readonly Role[] = ['secretary', 'admin', 'street_secretary']

export const isStaff = (sender: Sender): boolean => STAFF_ROLES.some((r) => sender.roles.has(r))

/**
 * Whether an answer is read by people who may not see rooms and residents' words: any group but a
 * staff group read by its staff. A private chat is read by the sender alone.
 */
export const readsInGroup = (msg: Incoming): boolean => msg.group !== null && !(msg.group.kind === 'staff' && isStaff(msg.sender))
export const isSecretary = (sender: Sender): boolean => SECRETARY_ROLES.some((r) => sender.roles.has(r))
