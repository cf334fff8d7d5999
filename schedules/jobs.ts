import type { CommunityConfig } from '../bot/community-config.js'
import { dailySummary } from './daily-summary.js'
import type { Job } from './job.js'
import { redSaturdayMorning, redSaturdayThanks } from './red-saturday-day.js'
import { redSaturdayReminder } from './red-saturday-reminder.js'

/** Every recurring job of a community, with the cron expressions and grace windows from its config. */
export function jobsFor(config: CommunityConfig): Job[] {
  const { schedules } = config
  const jobs = [
    dailySummary(schedules.dailySummary),
    redSaturdayReminder(schedules.redSaturdayReminder),
    redSaturdayMorning(schedules.redSaturdayMorning),
    redSaturdayThanks(schedules.redSaturdayThanks),
  ]
  return jobs.map((job) => ({ ...job, graceMinutes: schedules.graceMinutes[job.name] ?? job.graceMinutes }))
}
