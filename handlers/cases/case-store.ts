import type { CaseRow, Db, NewCase } from '../ports.js'
import { isUniqueViolation } from '../db-errors.js'
import { isOverdue, type Deadlines } from './deadlines.js'
import type { CaseState } from './states.js'

export type { CaseRow, NewCase }

export interface Actor {
  id: string
  name: string
}

/** Case numbers are 32-bit in the database: a longer one (查询 #99999999999) names no case. */
export const isCaseNumber = (number: number): boolean => Number.isSafeInteger(number) && number > 0 && number <= 2_147_483_647

export async function findCase(db: Db, communityId: number, number: number): Promise<CaseRow | null> {
  if (!isCaseNumber(number)) return null
  return db.case.findUnique({ where: { communityId_number: { communityId, number } } })
}

const TIMESTAMP_OF: Partial<Record<CaseState, 'acceptedAt' | 'resolvedAt' | 'closedAt'>> = {
  accepted: 'acceptedAt',
  resolved: 'resolvedAt',
  rated: undefined,
  closed: 'closedAt',
}

interface Move {
  to: CaseState
  actor: Actor
  action: string
  note?: string | null
  at: Date
  assignee?: Actor | null
  party?: string
  /** A new resolution deadline (a reopened case). */
  resolveBy?: Date
  /** New deadlines altogether (a suspected report confirmed, an urgency corrected). */
  deadlines?: Deadlines
  /** Corrected readings of the message (改). */
  fields?: Partial<Pick<CaseRow, 'category' | 'urgency' | 'building' | 'unit' | 'room'>>
  /** The message whose effect this step is: recorded once (the key is unique). */
  source?: string
  /** The street's part: the case taken into its queue, or given to one of its departments. */
  street?: Partial<Pick<CaseRow, 'streetAt' | 'streetReason' | 'streetNote' | 'streetDepartment'>>
}

/**
 * The case changed between reading it and changing it (two staff at once, a rating and a sweep):
 * the change is not applied. Thrown inside a command's transaction, the whole command is rolled
 * back and handled again, so it reads the case as it now is and answers accordingly.
 */
export class CaseChangedMeanwhile extends Error {
  readonly code = 'CASE_CHANGED_MEANWHILE'
  constructor(readonly number: number) {
    super(`case #${number} changed while a command was moving it`)
    this.name = 'CaseChangedMeanwhile'
  }
}

/**
 * Changes a case's state (or only adds a note when `to` equals the current state) and records the
 * event — only if the case is still the version that was read; otherwise CaseChangedMeanwhile.
 */
export async function moveCase(db: Db, caseRow: CaseRow, move: Move): Promise<CaseRow> {
  const stamp = TIMESTAMP_OF[move.to]
  const data: Record<string, unknown> = { state: move.to, updatedAt: move.at, version: { increment: 1 } }
  if (stamp && !caseRow[stamp]) data[stamp] = move.at
  // Work that starts or ends before anyone pressed 受理 still counts as the case being taken up.
  if ((move.to === 'in_progress' || move.to === 'resolved') && !caseRow.acceptedAt) data.acceptedAt = move.at
  if (move.to === 'in_progress' && caseRow.state === 'resolved') data.resolvedAt = null
  if (move.assignee !== undefined) {
    data.assigneeId = move.assignee?.id ?? null
    data.assigneeName = move.assignee?.name ?? null
  }
  if (move.party) data.party = move.party
  if (move.to === 'discussing' && !caseRow.discussedAt) data.discussedAt = move.at
  if (move.resolveBy) data.resolveBy = move.resolveBy
  if (move.deadlines) Object.assign(data, move.deadlines)
  if (move.fields) Object.assign(data, move.fields)
  if (move.street) Object.assign(data, move.street)
  const respondBy = move.deadlines?.respondBy ?? caseRow.respondBy
  const resolveBy = move.deadlines?.resolveBy ?? move.resolveBy ?? caseRow.resolveBy
  // A case taken up in time, or given a new deadline, starts its supervision afresh.
  if (caseRow.overdueAt && !isOverdue({ state: move.to, respondBy, resolveBy }, move.at)) {
    data.overdueAt = null
    data.escalationLevel = 0
  }
  return db.$transaction(async (tx) => {
    // On PostgreSQL a second writer waits for the first to commit, then finds the version moved on.
    const changed = await tx.case.updateMany({ where: { id: caseRow.id, version: caseRow.version }, data })
    if (changed.count !== 1) throw new CaseChangedMeanwhile(caseRow.number)
    await tx.caseEvent.create({
      data: {
        caseId: caseRow.id, actorId: move.actor.id, actorName: move.actor.name, action: move.action,
        fromState: caseRow.state, toState: move.to, note: move.note ?? null, at: move.at, sourceMessage: move.source ?? null,
      },
    })
    return tx.case.findUniqueOrThrow({ where: { id: caseRow.id } })
  })
}

/**
 * Adds someone as a co-reporter (merged duplicate or +1) with an event; false when they
 * already follow the case.
 */
export async function addReporter(
  db: Db, caseRow: CaseRow, person: Actor, groupId: number | null, at: Date, event: { action: 'merged' | 'joined'; note?: string },
): Promise<boolean> {
  // Looked up first: inside a command's transaction a failed insert would abort it on PostgreSQL.
  const known = await db.caseReporter.findUnique({ where: { caseId_contactId: { caseId: caseRow.id, contactId: person.id } }, select: { id: true } })
  let added = !known
  if (added) {
    try {
      await db.caseReporter.create({ data: { caseId: caseRow.id, contactId: person.id, name: person.name, groupId, createdAt: at } })
    } catch (error) {
      // Joined at the same moment by another handling of theirs (a report merged outside any transaction).
      if (!isUniqueViolation(error)) throw error
      added = false
    }
  }
  await db.caseEvent.create({ data: { caseId: caseRow.id, actorId: person.id, actorName: person.name, action: event.action, note: event.note ?? null, at } })
  return added
}

/** Everyone who reported the case: the reporter first, then those who said +1. */
export async function reportersOf(db: Db, caseId: number): Promise<string[]> {
  const rows = await db.caseReporter.findMany({ where: { caseId }, orderBy: { id: 'asc' }, select: { contactId: true } })
  return rows.map((r) => r.contactId)
}

/** The step a resident's follow-up in their group leaves in a case's history (their words). */
export const FOLLOW_UP = 'followup'
/** The step of a case made urgent by a resident's follow-up. */
export const URGENT_STEP = 'made-urgent'

/** The steps residents take on a case: their notes are their own words, never shown to other residents. */
export const RESIDENT_ACTIONS: readonly string[] = ['reported', 'merged', 'joined', 'rated', 'reopened', FOLLOW_UP, URGENT_STEP]

/**
 * The latest note on a case. Staff in a private chat read any; everyone else only the latest a
 * staff member wrote, never a neighbour's words that came with a merged report or a rating.
 */
export async function latestNote(db: Db, caseId: number, staffOnly: boolean): Promise<string | null> {
  const event = await db.caseEvent.findFirst({
    where: { caseId, note: { not: null }, action: { notIn: staffOnly ? [...RESIDENT_ACTIONS] : ['reported'] } },
    orderBy: { id: 'desc' },
  })
  return event?.note ?? null
}
