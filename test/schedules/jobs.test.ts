import { describe, expect, it } from 'vitest'
import { EXAMPLE_CONFIG_PATH, loadCommunityConfig } from '../../bot/config/community-config.js'
import { jobsFor } from '../../schedules/jobs.js'

const config = loadCommunityConfig(EXAMPLE_CONFIG_PATH)

describe('the community\'s jobs', () => {
  it('schedules every job at its configured time, and none that is turned off', () => {
    const jobs = jobsFor({ ...config, schedules: { ...config.schedules, starRating: 'off', dailySummary: '30 21 * * *' } })
    expect(jobs.map((j) => j.name)).not.toContain('starRating')
    expect(jobs.find((j) => j.name === 'dailySummary')?.cron).toBe('30 21 * * *')
    expect(jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['redSaturdayReminder', 'weeklyDigest', 'homeVisits']))
  })

  it('takes a job\'s grace window for missed slots from the config when it gives one', () => {
    const own = jobsFor(config).find((j) => j.name === 'weeklyDigest')!.graceMinutes
    const longer = jobsFor({ ...config, schedules: { ...config.schedules, graceMinutes: { weeklyDigest: own + 120 } } })
    expect(longer.find((j) => j.name === 'weeklyDigest')!.graceMinutes).toBe(own + 120)
    expect(longer.find((j) => j.name === 'dailySummary')!.graceMinutes).toBe(jobsFor(config).find((j) => j.name === 'dailySummary')!.graceMinutes)
  })

  it('gives every job a title people read in the notes about missed runs', () => {
    for (const job of jobsFor(config)) expect(job.title).toMatch(/[\u4e00-\u9fff]/)
  })
})
