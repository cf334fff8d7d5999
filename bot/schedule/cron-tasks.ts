import type { Job } from '../../schedules/job.js'
import type { Logger } from '../logger.js'
import type { CronTask } from './cron-registrar.js'
import { retryRuns, scheduledTasks, type SchedulerDeps } from './scheduler.js'

interface Rounds {
  sweep(): Promise<void>
  purge(): Promise<void>
  warnOfMissingCalendar(): Promise<void>
  /** The groups' silence checked (silence-watch.ts). */
  checkSilence(): Promise<boolean>
  /** Messages stored but left unhandled (the database failed meanwhile) handled now; how many. */
  handlePending(): Promise<number>
}

const every = (minutes: number) => (minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`)

/** Everything the bot does on a schedule: the community's jobs, then its own rounds. */
export function cronTasks(jobs: Job[], jobDeps: SchedulerDeps, timezone: string, rounds: Rounds, log: Logger): CronTask[] {
  return [
    ...scheduledTasks(jobs, jobDeps, timezone),
    // A busy community gone quiet for hours in the daytime: the account may have stopped receiving.
    { name: 'silenceCheck', cron: every(10), run: rounds.checkSilence },
    // Each December, before the library's data may run out: is next year's calendar known?
    { name: 'calendarCheck', cron: '0 9 * 12 *', timezone, run: rounds.warnOfMissingCalendar },
    // Failed runs and runs of a process that died are tried again inside their grace window.
    { name: 'retryRuns', cron: every(1), run: () => retryRuns(jobs, jobDeps, timezone) },
    { name: 'caseSweep', cron: every(1), run: rounds.sweep },
    { name: 'retentionPurge', cron: '30 3 * * *', timezone, run: rounds.purge },
    // Messages stored while the database then failed are handled once it is back.
    {
      name: 'retryUnhandled',
      cron: every(1),
      run: async () => {
        const handled = await rounds.handlePending()
        if (handled) log.info({ handled }, 'handled messages left over after a database failure')
      },
    },
  ]
}
