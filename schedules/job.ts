import type { Community, Db, ModelAccess, Reply } from '../handlers/context.js'
import type { ChartRenderer } from '../handlers/summary/report-chart.js'

export interface JobDeps {
  db: Db
  community: Community
  model?: ModelAccess
  /** Turns a report's chart into a PNG; absent or returning null means text only. */
  renderChart?: ChartRenderer
}

/** A recurring job: data plus a function of its firing time, which is its only source of time. */
export interface Job {
  name: string
  /** What people read: in missed-run notes and the operator view. */
  title: string
  cron: string
  /** A slot missed while the bot was down is still sent at start-up if no later than this. */
  graceMinutes: number
  run(deps: JobDeps, now: Date, slot: string): Promise<JobResult>
}

/** What a firing sends, or why it sends nothing this time (recorded in the ledger as skipped). */
export type JobResult = Reply[] | { skip: string }

export const skip = (reason: string): JobResult => ({ skip: reason })

/** Posts one text to every served group of the given kinds. */
export async function postToGroups(deps: JobDeps, kinds: string[], text: string, key: string): Promise<Reply[]> {
  const groups = await deps.db.chatGroup.findMany({ where: { communityId: deps.community.id, kind: { in: kinds }, leftAt: null }, orderBy: { id: 'asc' } })
  return groups.map((g) => ({ conversationId: g.roomId, isRoom: true, text, key: `${key}:${g.roomId}`, broadcast: key }))
}

/** Posts to the volunteers groups, or to the station group when a community has none. */
export async function postToVolunteers(deps: JobDeps, text: string, key: string): Promise<Reply[]> {
  const volunteers = await postToGroups(deps, ['volunteers'], text, key)
  return volunteers.length ? volunteers : postToGroups(deps, ['station'], text, key)
}

/** The members holding any of `roles` (from the config and from invite codes), in a stable order. */
export async function membersWithRoles(deps: JobDeps, roles: string[]): Promise<Array<{ contactId: string; name: string; buildings: string[] }>> {
  const rows = await deps.db.member.findMany({ where: { communityId: deps.community.id }, orderBy: { id: 'asc' } })
  return rows
    .filter((m) => m.roles.split(',').some((r) => roles.includes(r)))
    .map((m) => ({ contactId: m.contactId, name: m.name, buildings: m.buildings.split(',').filter(Boolean) }))
}

/** Says one text privately to each secretary (and admin), followed by the picture when there is one. */
export async function tellSecretaries(deps: JobDeps, text: string, key: string, image?: Reply['image']): Promise<Reply[]> {
  const secretaries = await membersWithRoles(deps, ['secretary', 'admin'])
  return secretaries.flatMap((m) => {
    const replies: Reply[] = [{ conversationId: m.contactId, isRoom: false, text, key: `${key}:${m.contactId}` }]
    if (image) replies.push({ conversationId: m.contactId, isRoom: false, text: `[图表] ${image.name}`, image, key: `${key}:${m.contactId}:chart` })
    return replies
  })
}
