import type { Community, ModelAccess, Ports } from '../../handlers/context.js'
import type { Classifier } from '../../handlers/parse/model/classifier.js'
import type { Clock } from '../clock.js'
import type { Database } from '../db/client.js'
import { withDbRetry } from '../db/retry.js'
import type { Logger } from '../logger.js'
import type { GroupDirectory } from './groups.js'
import type { KeyedLock } from './keyed-lock.js'
import type { MemberDirectory } from './members.js'
import type { ReplyBudget } from './reply-budget.js'

/** What the inbound path works with: one of these per running bot. */
export interface InboundDeps {
  database: Database
  clock: Clock
  community: Community
  log: Logger
  classifier: Classifier
  model?: ModelAccess
  groups: GroupDirectory
  members: MemberDirectory
  /** What handlers reach outside themselves for (handler-ports.ts). */
  ports: Ports
  /** Called after replies were queued, to wake the sender. */
  onQueued: () => void
  /** WeChat ids being handled right now, so the retry of unhandled messages leaves them alone. */
  inFlight?: Set<string>
  /** How long a locked or unreachable database is waited for (default 5 minutes). */
  retryForMs?: number
  /** Tests only: called once a message's handler has done its work, before anything is committed; it may throw. */
  faultAfterHandling?: (messageId: string) => void
  /** Work that must not interleave per key (the duplicate check and the case it may create). */
  locks?: KeyedLock
  /** How many commands each resident may have answered per hour. */
  replyBudget?: ReplyBudget
}

/** A database step tried again while the database is locked or down. */
export function retrying<T>(deps: InboundDeps, messageId: string, work: () => Promise<T>): Promise<T> {
  return withDbRetry(
    work,
    (error, attempt, waitMs) => {
      // A command that lost a race for a case is handled again at once against the case as it now is.
      const why = (error as { code?: string }).code === 'CASE_CHANGED_MEANWHILE' ? 'a case changed while a command moved it; handling the command again' : 'database busy or unreachable; trying again'
      deps.log.warn({ err: String(error).slice(0, 200), messageId, attempt, waitMs }, why)
    },
    deps.retryForMs,
  )
}

