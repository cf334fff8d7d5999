import type { ScheduledTask } from 'node-cron'
import { momentText } from '../../handlers/time.js'
import type { Job, JobDeps } from '../../schedules/job.js'
import type { Clock } from '../clock.js'
import type { Statements } from '../db/connection.js'
import { isUniqueViolation } from '../db/retry.js'
import { registerCron, type CronTask } from './cron-registrar.js'
import { firingsBetween } from './firings.js'
import type { Logger } from '../logger.js'
import { enqueueReplies } from '../outbox/enqueue.js'
import type { Reply } from '../../handlers/context.js'

export interface SchedulerDeps extends JobDeps {
  /** Where the replies of a run are queued (the outbox's statements). */
  sql: Statements
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
export async function fireJob(job: Job, deps: SchedulerDeps, due: Date): Promise<'sent' | 'skipped' | 'already' | 'failed'> {
  const { db, community, clock } = deps
  const slot = slotOf(due)
  let runId: number
  try {
    const run = await db.scheduleRun.create({ data: { communityId: community.id, job: job.name, slot, status: 'claimed', claimedAt: clock.now() } })
    runId = run.id
  } catch (error) {
    if (isUniqueViolation(error)) return 'already'
    throw error
  }
  return runClaimed(job, deps, due, runId)
}

/** Runs a job for a slot whose ledger row this process has claimed, and records how it went. */
async function runClaimed(job: Job, deps: SchedulerDeps, due: Date, runId: number): Promise<'sent' | 'skipped' | 'failed'> {
  const { db, community, clock, log } = deps
  const slot = slotOf(due)
  try {
    const result = await job.run(deps, due, slot)
    if ('skip' in result) {
      await db.scheduleRun.update({ where: { id: runId }, data: { status: 'skipped', finishedAt: clock.now(), detail: result.skip } })
      return 'skipped'
    }
    const replies = result
    await enqueueReplies(deps.sql, community.id, replies, clock.now())
    await db.scheduleRun.update({ where: { id: runId }, data: { status: 'sent', finishedAt: clock.now(), detail: `${replies.length} 条消息` } })
    if (replies.length === 0) log.warn({ job: job.name, slot }, 'scheduled job had no group to post to')
    deps.onQueued()
    return 'sent'
  } catch (error) {
    log.error({ err: error, job: job.name, slot }, 'scheduled job failed')
    await db.scheduleRun.update({ where: { id: runId }, data: { status: 'failed', finishedAt: clock.now(), detail: String(error).slice(0, 500) } })
    return 'failed'
  }
}

/** A claim this old whose run never finished belongs to a process that died (while drawing a chart, say). */
export const ABANDONED_AFTER_MS = 5 * 60_000
/** A failed run is tried again after this long, while its slot is inside the job's grace window. */
const RETRY_AFTER_MS = 2 * 60_000

/**
 * Failed runs, and runs claimed by a process that died, are tried again while their slot is
 * inside the job's grace window; past it they are given up, logged, and listed once in a note to
 * the secretaries. Runs every minute; safe from several processes (each step is a conditional claim).
 */
export async function retryRuns(jobs: Job[], deps: SchedulerDeps, timezone: string): Promise<{ retried: number; givenUp: number }> {
  const { db, community, clock, log } = deps
  const now = clock.now()
  const stuck = await db.scheduleRun.findMany({
    where: { communityId: community.id, OR: [{ status: 'failed' }, { status: 'claimed', claimedAt: { lt: new Date(now.getTime() - ABANDONED_AFTER_MS) } }] },
    orderBy: { id: 'asc' },
  })
  const givenUp: Array<{ job: Job; due: Date; why: string }> = []
  let retried = 0
  for (const run of stuck) {
    const job = jobs.find((j) => j.name === run.job)
    if (!job) continue
    const due = new Date(run.slot)
    const unchanged = { id: run.id, status: run.status, claimedAt: run.claimedAt }
    const why = run.status === 'failed' ? `出错：${(run.detail ?? '').slice(0, 80)}` : '发送进程中断'
    if (now.getTime() - due.getTime() > job.graceMinutes * 60_000) {
      const gaveUp = await db.scheduleRun.updateMany({ where: unchanged, data: { status: 'given-up', finishedAt: now, detail: `超过补发时限，已放弃（${why}）` } })
      if (gaveUp.count === 1) givenUp.push({ job, due, why })
      continue
    }
    if (run.status === 'failed' && run.finishedAt && now.getTime() - run.finishedAt.getTime() < RETRY_AFTER_MS) continue
    const claimed = await db.scheduleRun.updateMany({ where: unchanged, data: { status: 'claimed', claimedAt: now, finishedAt: null } })
    if (claimed.count !== 1) continue
    log.warn({ job: job.name, slot: run.slot, was: run.status }, 'trying a scheduled run again')
    retried++
    await runClaimed(job, deps, due, run.id)
  }
  if (givenUp.length) {
    log.error({ givenUp: givenUp.map((g) => `${g.job.name}@${slotOf(g.due)}`) }, 'scheduled runs given up after their grace window')
    const lines = givenUp.map((g) => `· ${momentText(g.due, timezone)} ${g.job.title}（${g.why}）`)
    const text = [`下面 ${givenUp.length} 次定时消息重试到补发时限也没有发出，已放弃：`, ...lines, '需要的话可以发「今日汇总」「红周六名单」等命令手动查看；反复出现请联系管理员查看日志。'].join('\n')
    const key = `given-up:${givenUp[0]!.job.name}:${slotOf(givenUp[0]!.due)}`
    await enqueueReplies(deps.sql, community.id, await secretaryNotes(deps, text, key), clock.now())
    deps.onQueued()
  }
  return { retried, givenUp: givenUp.length }
}

const secretaryNotes = async ({ community }: SchedulerDeps, text: string, key: string): Promise<Reply[]> =>
  community.config.members
    .filter((m) => m.roles.includes('secretary') || m.roles.includes('admin'))
    .map((m) => ({ conversationId: m.id, isRoom: false, text, key: `${key}:${m.id}` }))

/** The community's jobs as cron tasks, in its time zone: each slot fired through the ledger (fireJob). */
export function scheduledTasks(jobs: Job[], deps: SchedulerDeps, timezone: string): CronTask[] {
  return jobs.map((job) => ({ name: job.name, cron: job.cron, timezone, runLateSlots: true, run: (due: Date) => fireJob(job, deps, due) }))
}

/** The community's jobs handed to node-cron (the registrar); tests start two processes' worth of them. */
export function startScheduler(jobs: Job[], deps: SchedulerDeps, timezone: string): ScheduledTask[] {
  return registerCron(scheduledTasks(jobs, deps, timezone), deps.log)
}

/** How far back start-up looks for slots missed while the bot was down. */
const LOOK_BACK_MS = 7 * 86_400_000

/**
 * At start-up: the latest slot of each job missed while the bot was down is sent now if it
 * is still inside the job's grace window; every other missed slot is recorded as missed and
 * reported once, in one note, to the secretaries. `since` is when the bot first ran for this
 * community: nothing before it counts.
 */
export async function catchUp(jobs: Job[], deps: SchedulerDeps, timezone: string, since: Date): Promise<{ sent: number; missed: number }> {
  const { db, community, clock, log } = deps
  const now = clock.now()
  const from = new Date(Math.max(since.getTime(), now.getTime() - LOOK_BACK_MS))
  const missed: Array<{ job: Job; due: Date }> = []
  let sent = 0
  for (const job of jobs) {
    const slots = firingsBetween(job.cron, timezone, from, now)
    if (slots.length === 0) continue
    const done = await db.scheduleRun.findMany({ where: { communityId: community.id, job: job.name, slot: { in: slots.map(slotOf) } }, select: { slot: true } })
    const seen = new Set(done.map((r) => r.slot))
    for (const [i, due] of slots.entries()) {
      if (seen.has(slotOf(due))) continue
      if (i === 0 && now.getTime() - due.getTime() <= job.graceMinutes * 60_000) {
        if ((await fireJob(job, deps, due)) !== 'already') sent++
        continue
      }
      try {
        await db.scheduleRun.create({ data: { communityId: community.id, job: job.name, slot: slotOf(due), status: 'missed', claimedAt: now, finishedAt: now, detail: '停机期间错过，已超过补发时限' } })
        missed.push({ job, due })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
      }
    }
  }
  if (missed.length) {
    log.warn({ missed: missed.map((m) => `${m.job.name}@${slotOf(m.due)}`) }, 'scheduled runs missed while the bot was down')
    missed.sort((a, b) => a.due.getTime() - b.due.getTime())
    const lines = missed.map((m) => `· ${momentText(m.due, timezone)} ${m.job.title}`)
    const text = [`红管家停机期间，下面 ${missed.length} 次定时消息没有按时发出，已超过补发时限，没有补发：`, ...lines, '需要的话可以发「今日汇总」「红周六名单」等命令手动查看。'].join('\n')
    const key = `missed:${missed[0]!.job.name}:${slotOf(missed[0]!.due)}`
    await enqueueReplies(deps.sql, community.id, await secretaryNotes(deps, text, key), clock.now())
    deps.onQueued()
  }
  return { sent, missed: missed.length }
}
