import type { CommunityConfig } from '../bot/community-config.js'
import { dailySummary } from './daily-summary.js'
import type { Job } from './job.js'
import { redSaturdayReminder } from './red-saturday-reminder.js'

/** Every recurring job of a community, with the cron expressions from its config. */
export function jobsFor(config: CommunityConfig): Job[] {
  return [dailySummary(config.schedules.dailySummary), redSaturdayReminder(config.schedules.redSaturdayReminder)]
}
