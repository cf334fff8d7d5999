import { missingCalendarText } from '../../handlers/calendar.js'
import { sweepCases } from '../../handlers/cases/sweep.js'
import { activityRound } from '../../handlers/volunteers/activity-reminders.js'
import type { Community } from '../../handlers/context.js'
import { purgeExpired } from '../../handlers/privacy/personal-data.js'
import type { Clock } from '../clock.js'
import type { Database } from '../db/client.js'
import type { Logger } from '../logger.js'
import { enqueueReplies } from '../outbox/enqueue.js'

interface RoundsDeps {
  database: Database
  community: Community
  clock: Clock
  log: Logger
  /** Contact ids of the operators (admins first, then secretaries). */
  operators: string[]
  /** Wakes the sender after replies were queued. */
  onQueued: () => void
}

/** The bot's own rounds besides the community's jobs: supervision of cases, the retention purge, the calendar check. */
export function rounds({ database, community, clock, log, operators, onQueued }: RoundsDeps) {
  const { prisma: db, sql } = database
  const { config } = community
  return {
    /** Overdue cases, escalation and rating timeouts, volunteers' activity reminders; every minute. */
    async sweep(): Promise<void> {
      const replies = [...(await sweepCases(db, community, clock.now())), ...(await activityRound(db, community, clock.now()))]
      await enqueueReplies(sql, community.id, replies, clock.now())
      if (replies.length) onQueued()
    },
    /** Personal data past the retention period removed; every night at 03:30 and at start-up. */
    async purge(): Promise<void> {
      const now = clock.now()
      const purged = await purgeExpired(db, community.id, now, config.retentionDays)
      if (!purged.cases && !purged.messages) return
      log.info(purged, 'personal data past the retention period removed')
      await db.auditLog.create({ data: { communityId: community.id, actor: 'system', action: 'retention-purge', detail: `${purged.cases} 件工单、${purged.messages} 条消息（保留 ${config.retentionDays} 天）`, at: now } })
    },
    /** Tells the operators, once per missing year (the outbox key), that the holiday calendar needs the year's dates. */
    async warnOfMissingCalendar(): Promise<void> {
      const missing = missingCalendarText(clock.now(), config.timezone, config.calendar)
      if (!missing) return
      log.warn({ years: missing.years }, 'the holiday calendar does not cover these years: add them under calendar in the community config')
      const notes = operators.slice(0, 3).map((id) => ({ conversationId: id, isRoom: false, text: missing.text, key: `calendar-missing:${missing.years.join(',')}:${id}` }))
      if ((await enqueueReplies(sql, community.id, notes, clock.now())) > 0) onQueued()
    },
  }
}
