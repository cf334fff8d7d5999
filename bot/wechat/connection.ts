import type { Wechaty } from 'wechaty'
import type { Logger } from '../logger.js'
import type { Alerts } from '../outbox/alerts.js'
import { LEASE_TTL_MS, type Acquired, type ConnectionLease, type Slots } from './connection-lease.js'
import type { ConnectionWatchdog } from './connection-watchdog.js'
import type { StandbyWatch } from './standby.js'
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
  /** Watches the active account while this process listens with another account. */
  standby: StandbyWatch
  /** BOT_ROLE=standby: listen from the start, and leave a free lease a while to the main account. */
  startsAsStandby: boolean
  /** A standby account took the lease over: what it heard in the gap is adopted, and the people are told. */
  tookOver(acquired: Acquired): Promise<void>
  /** A street's process: the connections it may hold at once; a community beyond them stands by. */
  slots?: Slots
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
  /** Connected with another account than the holder's: storing what it hears, sending nothing. */
  private listening = false
  /** Holds one of the process's slots (while connected as the holder). */
  private slotted = false

  constructor(private readonly deps: ConnectionDeps) {
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve))
    const { wechaty, alerts, watchdog, log } = deps
    // An error event from the connection is logged and survived: the watchdog and reconnect take care of the rest.
    wechaty.on('error', (error) => log.error({ err: error }, 'wechaty error'))
    wechaty.on('scan', (qrcode, status) => log.info({ status, qrcode }, 'scan the QR code to log in'))
    wechaty.on('logout', (user) => {
      // Stopping the bot, or handing the connection over, logs the puppet out too: that is no news for the operator.
      if (this.stopping || this.standingDown || this.listening) return
      log.warn({ user: user.id }, 'logged out; sending pauses until the next login')
      // A standby account, if one listens, takes over once the login has not come back within its grace.
      void deps.lease.report('logout').catch((error) => log.warn({ err: String(error).slice(0, 200) }, 'could not report the logout on the lease'))
      const alert = () => void alerts.raise('logout', `提醒：红管家的微信已退出登录，消息暂停发送（不会丢失）。请尽快重新扫码登录，登录后自动补发。`)
      // Reconnecting restarts the puppet, which logs out for a moment: the operator hears of it only if the login does not come back.
      if (!watchdog.busy) return alert()
      setTimeout(() => !this.stopping && !wechaty.isLoggedIn && alert(), LOGIN_GRACE_MS).unref()
    })
    wechaty.on('login', async (user) => {
      await deps.lease.loggedInAs(user.id).catch((error) => log.warn({ err: String(error).slice(0, 200) }, 'could not write the account on the lease'))
      if (this.listening) return void log.info({ user: user.id }, 'logged in as a standby account; listening, sending nothing')
      alerts.clear('logout')
      await deps.lease.report(null).catch(() => undefined)
      await this.activate(user.id)
    })
  }

  /** True while this process is connected as a standby account, storing what it hears. */
  get isListening(): boolean {
    return this.listening
  }

  private async activate(user: string): Promise<void> {
    if (this.active) return
    this.active = true
    this.deps.log.info({ user }, 'logged in')
    await this.deps.activate().catch((error) => this.deps.log.error({ err: error }, 'start-up after login failed'))
    this.markReady()
  }

  /**
   * Connects at once when the lease is free; otherwise listens (another account holds it) or
   * stands by without connecting (another process of this account holds it).
   */
  async open(): Promise<void> {
    if (this.deps.startsAsStandby) return this.listen(LEASE_TTL_MS)
    const { slots } = this.deps
    if (slots && !slots.take()) return void this.standBy()
    this.slotted = Boolean(slots)
    const acquired = await this.deps.lease.tryAcquire()
    if (acquired) return this.connect(acquired.tookOverFrom)
    this.giveSlot()
    if (await this.anotherAccountHolds()) await this.listen()
    else void this.standBy()
  }

  private giveSlot(): void {
    if (this.slotted) this.deps.slots?.give()
    this.slotted = false
  }

  async close(): Promise<void> {
    const { lease, watchdog, wechaty, log } = this.deps
    this.stopping = true
    this.deps.standby.stop()
    watchdog.stop()
    await this.deps.deactivate()
    await stopWechaty(wechaty).catch((error) => log.warn({ err: error }, 'wechaty stop failed'))
    // Handed back, so a process standing by takes over at once rather than after the expiry.
    await lease.release().catch((error) => log.warn({ err: String(error).slice(0, 200) }, 'could not hand back the connection lease'))
    this.giveSlot()
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

  /** Holds the lease a process of another account took, with a key it wrote. */
  private async anotherAccountHolds(): Promise<boolean> {
    const state = await this.deps.lease.state().catch(() => null)
    return Boolean(state && !state.expired && state.accountKey && state.accountKey !== this.deps.lease.accountKey)
  }

  /** Connects as a standby account: what it hears is stored, nothing is sent, the active account is watched. */
  private async listen(firstWaitMs = 0): Promise<void> {
    const { watchdog, wechaty, log, standby } = this.deps
    this.listening = true
    log.info({ me: this.deps.lease.holder }, 'another account holds the WeChat connection; this one listens as a standby')
    watchdog.resume()
    this.deps.forget()
    await wechaty.start()
    standby.start((acquired) => void this.takeOver(acquired).catch((error) => log.error({ err: error }, 'could not take over as the standby account')), firstWaitMs)
  }

  /** The standby account takes the connection: it keeps the lease, adopts what it heard and starts everything. */
  private async takeOver(acquired: Acquired): Promise<void> {
    const { lease, wechaty, log } = this.deps
    this.listening = false
    lease.keep(() => void this.standDown())
    log.warn({ previous: acquired.tookOverFrom, reason: acquired.reason ?? 'stopped', me: lease.holder }, 'the standby account took over the WeChat connection')
    // What was read while listening may be stale: the groups the other account left are served again by this one.
    this.deps.forget()
    await this.deps.tookOver(acquired)
    if (wechaty.isLoggedIn && wechaty.currentUser) await this.activate(wechaty.currentUser.id)
  }

  private async standBy(): Promise<void> {
    const acquired = await this.deps.lease.waitUntilHeld(() => this.stopping, this.deps.slots)
    if (acquired) this.slotted = Boolean(this.deps.slots)
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
    this.giveSlot()
    // Taken by a standby account (this account failed): listen, to stand in for it in turn.
    if (await this.anotherAccountHolds()) await this.listen().catch((error) => log.error({ err: error }, 'could not listen as a standby'))
    else void this.standBy()
  }
}
