import { afterEach, describe, expect, it } from 'vitest'
import { fireJob, retryRuns, slotOf } from '../../bot/schedule/scheduler.js'
import { jobsFor } from '../../schedules/jobs.js'
import { Harness } from '../support/harness.js'

const MINUTE = 60_000
const TZ = 'Asia/Shanghai'

// A scheduled run that failed, or whose process died holding its claim, is tried again inside the
// job's grace window; past it, it is given up and the secretary is told once.
describe('scheduled runs that failed or were abandoned', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })
  const job = (name: string) => jobsFor(h.config).find((j) => j.name === name)!

  it('sends the weekly digest once after its chart failed to render the first time', async () => {
    h = await Harness.start()
    const due = h.clock.now()
    const broken = { ...h.app.jobDeps, renderChart: async () => Promise.reject(new Error('chart renderer crashed')) }
    expect(await fireJob(job('weeklyDigest'), broken, due)).toBe('failed')
    expect(h.botLines('彭书记')).toHaveLength(0)
    // Too soon after the failure: left alone; a little later: tried again with the renderer working.
    expect((await retryRuns(jobsFor(h.config), h.app.jobDeps, TZ)).retried).toBe(0)
    h.clock.advance(3 * MINUTE)
    expect((await retryRuns(jobsFor(h.config), h.app.jobDeps, TZ)).retried).toBe(1)
    await h.settle()
    expect(h.botLines('彭书记').filter((l) => l.text.includes('五+X'))).toHaveLength(1)
    expect((await h.db.scheduleRun.findFirstOrThrow({ where: { job: 'weeklyDigest' } })).status).toBe('sent')
    expect((await retryRuns(jobsFor(h.config), h.app.jobDeps, TZ)).retried).toBe(0)
  })

  it('sends a summary whose process died while holding its claim, once the claim is a few minutes old', async () => {
    h = await Harness.start()
    const due = new Date(h.clock.now().getTime() - 10 * MINUTE)
    const communityId = h.app.community.id
    await h.db.scheduleRun.create({ data: { communityId, job: 'dailySummary', slot: slotOf(due), status: 'claimed', claimedAt: new Date(h.clock.now().getTime() - 2 * MINUTE) } })
    expect((await retryRuns(jobsFor(h.config), h.app.jobDeps, TZ)).retried).toBe(0)
    h.clock.advance(4 * MINUTE)
    expect((await retryRuns(jobsFor(h.config), h.app.jobDeps, TZ)).retried).toBe(1)
    await h.settle()
    expect(h.botLines('红管家服务驿站').filter((l) => l.text.includes('今日民情汇总'))).toHaveLength(1)
  })

  it('gives up a run past its grace window and tells the secretary once', async () => {
    h = await Harness.start()
    const communityId = h.app.community.id
    const due = new Date(h.clock.now().getTime() - 3 * 60 * MINUTE)
    await h.db.scheduleRun.create({ data: { communityId, job: 'dailySummary', slot: slotOf(due), status: 'failed', claimedAt: due, finishedAt: due, detail: 'Error: disk full' } })
    expect(await retryRuns(jobsFor(h.config), h.app.jobDeps, TZ)).toEqual({ retried: 0, givenUp: 1 })
    expect(await retryRuns(jobsFor(h.config), h.app.jobDeps, TZ)).toEqual({ retried: 0, givenUp: 0 })
    await h.settle()
    const notes = h.botLines('彭书记').filter((l) => l.text.includes('已放弃'))
    expect(notes).toHaveLength(1)
    expect(notes[0]!.text).toContain('每日民情汇总')
    expect(notes[0]!.text).toContain('disk full')
    expect(h.botLines('红管家服务驿站')).toHaveLength(0)
  })
})
