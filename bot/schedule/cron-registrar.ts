import cron, { type ScheduledTask } from 'node-cron'
import type { Logger } from '../logger.js'

/** Something the bot does on a cron schedule: a community's job (schedules/) or one of its own rounds. */
export interface CronTask {
  name: string
  cron: string
  /** The time zone the expression is read in; the machine's when absent (rounds every few minutes). */
  timezone?: string
  /** Runs the slot that fell due; a rejection is logged with the task's name, and the next slot still comes. */
  run(due: Date): Promise<unknown>
  /**
   * Also run a slot node-cron reached late: it gives up on a second it reaches more than a second
   * late (a busy machine) and only reports it as missed. For the community's jobs, whose ledger
   * lets each slot through once.
   */
  runLateSlots?: boolean
}

/** The one place tasks are handed to node-cron: each at most once at a time, every failure logged. */
export function registerCron(tasks: CronTask[], log: Logger): ScheduledTask[] {
  return tasks.map((task) => {
    const fire = (due: Date) => task.run(due).then(() => undefined, (error) => log.error({ err: error, task: task.name }, `${task.name} failed`))
    const scheduled = cron.schedule(task.cron, (context) => fire(context.date), { name: task.name, noOverlap: true, ...(task.timezone ? { timezone: task.timezone } : {}) })
    if (task.runLateSlots) {
      scheduled.on('execution:missed', (context) => {
        log.warn({ task: task.name, due: context.date }, 'cron reached the slot late; running it now')
        return fire(context.date)
      })
    }
    return scheduled
  })
}
