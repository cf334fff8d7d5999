import type { Db } from '../../handlers/context.js'
import { localParts } from '../../handlers/time.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../logger.js'
import type { Alerts } from '../outbox/alerts.js'
import { NOT_LIVE } from '../inbound/heard.js'

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

interface WatchDeps {
  db: Db
  communityId: number
  timeZone: string
  clock: Clock
  log: Logger
  alerts: Alerts
  /** Whether this process holds a logged-in connection: only then is silence news. */
  isConnected: () => boolean
  /** Re-establishes the connection. */
  reset: () => void
}

/** Checks the groups' silence (every 10 minutes): one reset and one alert per suspicious quiet spell. */
export class SilenceWatch {
  /** The last message of a quiet spell already acted on. */
  private quietSpellFrom: number | null = null

  constructor(private readonly deps: WatchDeps) {}

  /** True when it reset the connection and alerted. */
  async check(): Promise<boolean> {
    const { db, communityId, timeZone, clock, log, alerts } = this.deps
    if (!this.deps.isConnected()) return false
    const now = clock.now()
    const last = await db.inboundMessage.findFirst({ where: { communityId, status: { notIn: NOT_LIVE } }, orderBy: { id: 'desc' }, select: { receivedAt: true } })
    const messagesInHistory = await db.inboundMessage.count({ where: { communityId, status: { notIn: NOT_LIVE }, receivedAt: { gte: new Date(now.getTime() - HISTORY_DAYS * 86_400_000) } } })
    if (!last || !silenceIsSuspicious({ now, timeZone, lastMessageAt: last.receivedAt, messagesInHistory })) return false
    const from = last.receivedAt.getTime()
    if (this.quietSpellFrom === from) return false
    this.quietSpellFrom = from
    const hours = Math.floor((now.getTime() - from) / 3_600_000)
    log.warn({ lastMessageAt: last.receivedAt, messagesInHistory }, 'no message for hours where the groups are usually busy; resetting the connection')
    this.deps.reset()
    await alerts.raise(
      `silent:${from}`,
      `提醒：红管家已经 ${hours} 个多小时没有收到任何群消息了，而过去两周白天平均每小时不止一条。账号可能已经收不到消息（看起来还在线）。已自动重连一次；如果还是没有消息，请在手机上看看这个微信号是否还能正常收发，必要时重新登录。`,
    )
    return true
  }
}
