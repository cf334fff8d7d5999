import type { Wechaty } from 'wechaty'
import type { Logger } from '../logger.js'
import { isConnectionLost } from '../outbox/send-errors.js'


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Keeps the connection to the puppet service up. A silent connection is caught by the puppet's own
 * watchdog (no heartbeat for a minute), which resets it; a dropped one is re-established here at
 * once, and again with growing waits (2 s doubling to a minute) until the account is back.
 */
export class ConnectionWatchdog {
  private reconnecting = false
  private stopped = false

  constructor(
    private readonly wechaty: Wechaty,
    private readonly log: Logger,
    private readonly options: { firstWaitMs?: number; maxWaitMs?: number; loginWaitMs?: number } = {},
  ) {
    wechaty.on('error', (error) => {
      if (isConnectionLost(error)) void this.reconnect()
    })
  }

  /** True while the connection is being re-established: the sender waits rather than failing sends. */
  get busy(): boolean {
    return this.reconnecting
  }

  /** No more reconnecting: the bot is stopping, or handing the connection to another process. */
  stop(): void {
    this.stopped = true
  }

  /**
   * Reconnects if the account is not logged in `ms` from now. After taking over from a process that
   * froze, the puppet service may still be serving that process's connection and ignore ours.
   */
  expectLogin(ms: number): void {
    setTimeout(() => {
      if (!this.stopped && !this.wechaty.isLoggedIn) void this.reconnect()
    }, ms).unref()
  }

  /** Resets the connection once (stop and start the puppet) though nothing reported it lost: the account went silent. */
  reset(): void {
    void this.reconnect(0)
  }

  /** Watches again after stop(), when this process holds the connection once more. */
  resume(): void {
    this.stopped = false
  }

  private async reconnect(firstWait?: number): Promise<void> {
    if (this.reconnecting || this.stopped) return
    this.reconnecting = true
    const { firstWaitMs = 2000, maxWaitMs = 60_000, loginWaitMs = 10_000 } = this.options
    try {
      for (let attempt = 1, waitMs = firstWait ?? firstWaitMs; !this.stopped; attempt++, waitMs = Math.min(Math.max(waitMs * 2, firstWaitMs), maxWaitMs)) {
        await sleep(waitMs)
        if (this.stopped) return
        this.log.warn({ attempt }, 'connection to WeChat lost; reconnecting')
        try {
          await this.wechaty.puppet.stop().catch(() => undefined)
          await this.wechaty.puppet.start()
          if (await this.loggedInWithin(loginWaitMs)) {
            this.log.info({ attempt }, 'reconnected to WeChat')
            return
          }
        } catch (error) {
          this.log.warn({ err: String(error).slice(0, 200), attempt }, 'reconnect failed; trying again')
        }
      }
    } finally {
      this.reconnecting = false
    }
  }

  private async loggedInWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      if (this.wechaty.isLoggedIn) return true
      await sleep(100)
    }
    return this.wechaty.isLoggedIn
  }
}
