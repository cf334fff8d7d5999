import type { Wechaty } from 'wechaty'
import type { Logger } from '../logger.js'
import type { Alerts } from '../outbox/alerts.js'
import { LEASE_TTL_MS, type ConnectionLease } from './connection-lease.js'
import type { ConnectionWatchdog } from './connection-watchdog.js'
import { stopWechaty } from './wechaty-bot.js'

/** How long a process that took the connection over waits for the login before it reconnects. */
const TAKEOVER_LOGIN_MS = 20_000
/** How long a reconnect may take to log back in before the operator is told the account is out. */
const LOGIN_GRACE_MS = 2 * 60_000

interface ConnectionDeps {
  wechaty: Wechaty
  lease: ConnectionLease
  watchdog: ConnectionWatchdog
  alerts: Alerts
  log: Logger
  /** Everything that runs only while this process holds the connection, started at its first login. */
  activate(): Promise<void>
  /** Stops what activate started (the connection is handed over or the bot stops). */
  deactivate(): Promise<void>
  /** Called before each connect: what this process knew may have changed while another held the connection. */
  forget(): void
}

/**
 * The WeChat connection of one process: only the holder of the lease connects; a process started
 * beside it stands by and takes over when the holder stops or stops answering; a holder that finds
 * its lease taken (it was frozen) disconnects and stands by. Logouts and logins are told here.
 */
export class Connection {
  /** Resolves once the account is logged in and activate has run. */
  readonly ready: Promise<void>
  private markReady!: () => void
  private active = false
  private stopping = false
  private standingDown = false

  constructor(private readonly deps: ConnectionDeps) {
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve))
    const { wechaty, alerts, watchdog, log } = deps
    // An error event from the connection is logged and survived: the watchdog and reconnect take care of the rest.
    wechaty.on('error', (error) => log.error({ err: error }, 'wechaty error'))
    wechaty.on('scan', (qrcode, status) => log.info({ status, qrcode }, 'scan the QR code to log in'))
    wechaty.on('logout', (user) => {
      // Stopping the bot, or handing the connection over, logs the puppet out too: that is no news for the operator.
      if (this.stopping || this.standingDown) return
      log.warn({ user: user.id }, 'logged out; sending pauses until the next login')
      const alert = () => void alerts.raise('logout', `提醒：红管家的微信已退出登录，消息暂停发送（不会丢失）。请尽快重新扫码登录，登录后自动补发。`)
      // Reconnecting restarts the puppet, which logs out for a moment: the operator hears of it only if the login does not come back.
      if (!watchdog.busy) return alert()
      setTimeout(() => !this.stopping && !wechaty.isLoggedIn && alert(), LOGIN_GRACE_MS).unref()
    })
    wechaty.on('login', async (user) => {
      alerts.clear('logout')
      if (this.active) return
      this.active = true
      log.info({ user: user.id }, 'logged in')
      await deps.activate().catch((error) => log.error({ err: error }, 'start-up after login failed'))
      this.markReady()
    })
  }

  /** Connects at once when the lease is free; otherwise stands by for it. */
  async open(): Promise<void> {
    const acquired = await this.deps.lease.tryAcquire()
    if (acquired) await this.connect(acquired.tookOverFrom)
    else void this.standBy()
  }

  async close(): Promise<void> {
    const { lease, watchdog, wechaty, log } = this.deps
    this.stopping = true
    watchdog.stop()
    await this.deps.deactivate()
    await stopWechaty(wechaty).catch((error) => log.warn({ err: error }, 'wechaty stop failed'))
    // Handed back, so a process standing by takes over at once rather than after the expiry.
    await lease.release().catch((error) => log.warn({ err: String(error).slice(0, 200) }, 'could not hand back the connection lease'))
  }

  private async connect(tookOverFrom: string | null): Promise<void> {
    const { lease, watchdog, wechaty, alerts, log } = this.deps
    lease.keep(() => void this.standDown())
    if (tookOverFrom) {
      log.warn({ previous: tookOverFrom, me: lease.holder }, 'took over the WeChat connection from a process that stopped answering')
      void alerts.raise('takeover', `提醒：红管家的另一个进程已超过 ${LEASE_TTL_MS / 1000} 秒没有响应，本进程已接管微信连接，消息照常处理。请检查那台机器或进程。`)
    }
    watchdog.resume()
    this.deps.forget()
    await wechaty.start()
    if (tookOverFrom) watchdog.expectLogin(TAKEOVER_LOGIN_MS)
  }

  private async standBy(): Promise<void> {
    const acquired = await this.deps.lease.waitUntilHeld(() => this.stopping)
    if (acquired && !this.stopping) await this.connect(acquired.tookOverFrom).catch((error) => this.deps.log.error({ err: error }, 'could not connect to WeChat after taking over'))
  }

  /** Another process took the lease (this one was frozen past its expiry): disconnect and wait for it again. */
  private async standDown(): Promise<void> {
    const { lease, watchdog, wechaty, log } = this.deps
    log.error({ me: lease.holder }, 'another process took over the WeChat connection; this one disconnects and stands by')
    this.standingDown = true
    this.active = false
    watchdog.stop()
    await this.deps.deactivate()
    await stopWechaty(wechaty).catch((error) => log.warn({ err: error }, 'wechaty stop failed'))
    this.standingDown = false
    void this.standBy()
  }
}
