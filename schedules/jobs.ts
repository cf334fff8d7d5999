import type { CommunityConfig } from '../handlers/community/config-schema.js'
import { dailySummary } from './daily-summary.js'
import { homeVisits } from './home-visits.js'
import type { Job } from './job.js'
import { branchMeeting, jointMeetingAgenda } from './monthly-meetings.js'
import { redSaturdayMorning, redSaturdayThanks } from './red-saturday-day.js'
import { redSaturdayReminder } from './red-saturday-reminder.js'
import { starRating } from './star-rating.js'
import { streetReport } from './street-report.js'
import { weeklyDigest } from './weekly-digest.js'

/** Every recurring job of a community that is not turned off, with its cron and grace window from the config. */
export function jobsFor(config: CommunityConfig): Job[] {
  const { schedules } = config
  const jobs = [
    dailySummary(schedules.dailySummary),
    redSaturdayReminder(schedules.redSaturdayReminder),
    redSaturdayMorning(schedules.redSaturdayMorning),
    redSaturdayThanks(schedules.redSaturdayThanks),
    weeklyDigest(schedules.weeklyDigest),
    branchMeeting(schedules.branchMeeting),
    jointMeetingAgenda(schedules.jointMeetingAgenda),
    homeVisits(schedules.homeVisits),
    starRating(schedules.starRating),
    // The street's weekly report goes out once, from the street's first community.
    ...(config.street?.sendsReport ? [streetReport(config.street.weeklyReport)] : []),
  ]
  return jobs
    .filter((job) => job.cron !== 'off')
    .map((job) => ({ ...job, graceMinutes: schedules.graceMinutes[job.name] ?? job.graceMinutes }))
}
