import { localParts } from '../../handlers/time.js'

/** How long the groups may be quiet in the daytime before a busy community's silence is suspicious. */
export const QUIET_MS = 3 * 3_600_000
/** The hours (local) that count as daytime, when a busy community is never quiet for hours. */
const DAY_FROM_HOUR = 8
const DAY_TO_HOUR = 22
/** The history the usual rate is read from. */
export const HISTORY_DAYS = 14

export interface QuietFacts {
  now: Date
  timeZone: string
  /** When the bot last received any message of the community; null when it never has. */
  lastMessageAt: Date | null
  /** Messages received in the last HISTORY_DAYS days. */
  messagesInHistory: number
}

/**
 * The account may have stopped receiving while it still looks online (the failure operators of
 * such bots report most): it is daytime, nothing has come for QUIET_MS, and the last two weeks
 * averaged more than one message an hour of daytime.
 */
export function silenceIsSuspicious({ now, timeZone, lastMessageAt, messagesInHistory }: QuietFacts): boolean {
  if (!lastMessageAt) return false
  const { hour } = localParts(now, timeZone)
  if (hour < DAY_FROM_HOUR || hour >= DAY_TO_HOUR) return false
  if (now.getTime() - lastMessageAt.getTime() < QUIET_MS) return false
  return messagesInHistory / (HISTORY_DAYS * (DAY_TO_HOUR - DAY_FROM_HOUR)) > 1
}
