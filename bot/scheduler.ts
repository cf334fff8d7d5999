import cron, { type ScheduledTask } from 'node-cron'
import type { Job, JobDeps } from '../schedules/job.js'
import type { Clock } from './clock.js'
import { isUniqueViolation } from './db.js'
import type { Logger } from './logger.js'
import { enqueueReplies } from './outbox.js'

interface SchedulerDeps extends JobDeps {
  clock: Clock
  log: Logger
  onQueued: () => void
}

/** A slot is the minute (or second) the job was due, in UTC: the same for every process. */
export const slotOf = (due: Date): string => due.toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * Runs a job for one slot exactly once across restarts and processes: the (job, slot) row
 * is claimed before anything is sent; whoever fails to claim it sends nothing.
 */
export async function fireJob(job: Job, deps: SchedulerDeps, due: Date): Promise<'sent' | 'already' | 'failed'> {
  const { db, community, clock, log } = deps
  const slot = slotOf(due)
  let runId: number
  try {
    const run = await db.scheduleRun.create({ data: { communityId: community.id, job: job.name, slot, status: 'claimed', claimedAt: clock.now() } })
    runId = run.id
  } catch (error) {
    if (isUniqueViolation(error)) return 'already'
    throw error
  }
  try {
    const replies = await job.run(deps, due, slot)
    await enqueueReplies(db, community.id, replies, clock.now())
    await db.scheduleRun.update({ where: { id: runId }, data: { status: 'sent', finishedAt: clock.now(), detail: `${replies.length} message(s)` } })
    if (replies.length === 0) log.warn({ job: job.name, slot }, 'scheduled job had no group to post to')
    deps.onQueued()
    return 'sent'
  } catch (error) {
    log.error({ err: error, job: job.name, slot }, 'scheduled job failed')
    await db.scheduleRun.update({ where: { id: runId }, data: { status: 'failed', finishedAt: clock.now(), detail: String(error).slice(0, 500) } })
    return 'failed'
  }
}

/** Wires every job to node-cron in the community's timezone. */
export function startScheduler(jobs: Job[], deps: SchedulerDeps, timezone: string): ScheduledTask[] {
  return jobs.map((job) =>
    cron.schedule(
      job.cron,
      async (context) => {
        await fireJob(job, deps, context.date).catch((error) => deps.log.error({ err: error, job: job.name }, 'could not fire job'))
      },
      { name: job.name, timezone, noOverlap: true },
    ),
  )
}
