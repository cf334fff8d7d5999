import type { Case, PrismaClient } from '../bot/generated/prisma/client.js'
import type { MemberConfig } from './community/config-schema.js'

/** The database as handlers use it: the generated Prisma client (a transaction's, inside a command). */
export type Db = PrismaClient

export type CaseRow = Case

/** A case as a report makes it: the number, the timestamps of later steps and the handler come afterwards. */
export type NewCase = Omit<Case, 'id' | 'number' | 'updatedAt' | 'acceptedAt' | 'resolvedAt' | 'closedAt' | 'assigneeId' | 'assigneeName' | 'anonymisedAt' | 'version' | 'streetAt' | 'streetReason' | 'streetNote' | 'streetDepartment'>

/** Open cases of one building and category reported since a moment: where a new report looks for its duplicate. */
export interface OpenCasesQuery {
  communityId: number
  building: string
  category: string
  since: Date
}

/** A group's conversation before one of its messages, as the conversation reader needs it. */
export interface ConversationQuery {
  communityId: number
  groupId: number
  /** Only messages stored before this one (its id) and since `since`. */
  beforeId: number
  since: Date
  /** Cases of the group opened between `since` and `until`, and any the recent messages joined. */
  until: Date
  messages: number
  cases: number
  /** The case states a follow-up may join. */
  states: readonly string[]
}

export interface ConversationRows {
  /** Newest first. */
  recent: Array<{ wechatId: string; talkerId: string; talkerName: string; text: string; receivedAt: Date; caseId: number | null; reading: string | null }>
  /** Newest first, with what the reader needs of them. */
  cases: ConversationCase[]
  /** Every reporter of those cases, in the order they joined. */
  reporters: Array<{ caseId: number; contactId: string }>
}

/** What the reader needs of an open case. */
export type ConversationCase = Pick<CaseRow, (typeof CONVERSATION_CASE_COLUMNS)[number]>
export const CONVERSATION_CASE_COLUMNS = ['id', 'number', 'category', 'building', 'unit', 'room', 'urgency', 'state', 'text', 'reporterId', 'createdAt', 'sourceMessage'] as const

/** The statements every group message needs, hand-written by the bot for both databases. */
export interface ConversationStatements {
  load(query: ConversationQuery): Promise<ConversationRows>
  /** Records what the reader made of a stored message: the case it opened or joined, and how it was read. */
  note(wechatId: string, caseId: number | null, reading: string): Promise<void>
  /**
   * Keeps a resident's words as a note in a case's history, once per message (a message handled
   * again adds nothing); `appendToText` also adds them to the case's text, with the note, when the
   * reporter is finishing their report. True when this call added the note.
   */
  addNote(note: CaseNote): Promise<boolean>
}

/** A resident's follow-up kept in a case's history. */
export interface CaseNote {
  caseId: number
  actorId: string
  actorName: string
  state: string
  note: string
  at: Date
  sourceMessage: string
  appendToText: boolean
}

/** The statements on the path of every report, hand-written by the bot for both databases. */
export interface CaseStatements {
  /**
   * Stores a case under the community's next number (#N) with its reporter and first event, all
   * or nothing: concurrent reports each get their own number, and a failed insert gives it back.
   */
  createNumbered(data: NewCase): Promise<CaseRow>
  /** The open cases matching the query, newest first, at most 20. */
  findOpen(query: OpenCasesQuery): Promise<CaseRow[]>
  /** One case of the community by its id, or null. */
  byId(communityId: number, id: number): Promise<CaseRow | null>
}

/**
 * What handlers reach outside themselves for, handed in by the bot: handlers never look up a
 * WeChat room, a cache or a file themselves.
 */
export interface Ports {
  cases: CaseStatements
  conversations: ConversationStatements
  /** The room of a group the bot serves, by its topic (a party's staff group), or null when it has not seen it. */
  roomOfTopic(topic: string): Promise<string | null>
  /** A member's roles changed (绑定): their next message reads them afresh. */
  forgetMember(contactId: string): void
  /**
   * Everyone with a role, from the file and from invite codes, as routing reads them (kept until a
   * role changes). `db` is the one to read with: a command's transaction inside it.
   */
  staffRoster(db: Db): Promise<MemberConfig[]>
  /** Where the dashboard is reached (its links start so), or null when it is off. */
  dashboardUrl: string | null
  /** An SVG picture as PNG bytes, or null when it cannot be drawn (no font with Chinese glyphs). */
  renderSvg?(svg: string): Promise<Uint8Array | null>
  /**
   * Runs `work` in one transaction with a client that is that transaction (one already open, when
   * `db` is a command's transaction): all of it is done or none of it.
   */
  transaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T>
}
