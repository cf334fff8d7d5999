import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Db } from '../db/client.js'
import type { Logger } from '../logger.js'

/** A holder that has not renewed for this long is taken for dead. */
export const LEASE_TTL_MS = 15_000
/** The holder renews this often, so two missed renewals still keep the lease. */
const RENEW_MS = 5_000
/** A waiting process looks this often whether the lease has come free. */
const STANDBY_POLL_MS = 3_000

export interface LeaseOptions {
  db: Db
  communityId: number
  log: Logger
  ttlMs?: number
  renewMs?: number
  pollMs?: number
  /** Wall time: the lease is about processes, not the business clock. */
  now?: () => number
  /** Which WeChat account this process connects with (a digest of its token): told to the others through the lease. */
  accountKey?: string
}

/** How the lease came to this process. */
/** The connections a process may hold at once (a street's communities shared out over processes). */
export interface Slots {
  /** Takes a slot if one is free. */
  take(): boolean
  give(): void
}

export interface Acquired {
  /** The holder before us, when it had stopped renewing rather than handed the lease back, or was taken over from. */
  tookOverFrom: string | null
  /** Set when a standby account took the lease from a live holder whose account failed: logout, removed or silent. */
  reason?: Trouble | 'silent'
  /** The account the previous holder was logged in as, when it said. */
  previousAccount?: string | null
}

/** What a holder reports is wrong with its account: logged out (banned, or the phone ended it), or removed from a served group. */
export type Trouble = 'logout' | 'removed'

/** The lease as every process can read it. */
export interface LeaseState {
  holder: string
  expired: boolean
  account: string | null
  accountKey: string | null
  trouble: Trouble | null
  /** Wall time the trouble began. */
  troubleSince: Date | null
  /** Wall time of the holder's last renewal (or of taking it). */
  renewedAt: Date
}

/**
 * Which process of a station holds the WeChat connection. Several processes may share one
 * database; only the holder of the lease connects and sends. The holder renews it every few
 * seconds and hands it back on a clean stop; when a holder dies, its lease runs out and a waiting
 * process takes it. A holder that finds its lease taken (it was frozen past the expiry) stands down.
 */
export class ConnectionLease {
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  private heldUntil = 0
  private renewer?: NodeJS.Timeout
  /** The account this process is logged in as, written with each renewal. */
  private account: string | null = null
  private trouble: { kind: Trouble; since: Date } | null = null
  readonly ttlMs: number
  private readonly now: () => number

  constructor(private readonly options: LeaseOptions) {
    this.ttlMs = options.ttlMs ?? LEASE_TTL_MS
    this.now = options.now ?? Date.now
  }

  /** Which account this process connects with, as the lease tells it to the others. */
  get accountKey(): string | null {
    return this.options.accountKey ?? null
  }

  /** True while this process holds an unexpired lease, by its own clock. */
  get held(): boolean {
    return this.heldUntil > this.now()
  }

  /** Takes the lease if nobody holds it, its holder let it run out, or it is already ours. */
  async tryAcquire(): Promise<Acquired | null> {
    const { db, communityId } = this.options
    const now = this.now()
    const expiresAt = new Date(now + this.ttlMs)
    const mine = await db.connectionLease.updateMany({ where: { communityId, holder: this.holder }, data: { expiresAt } })
    if (mine.count === 1) return this.took(now, null)
    const previous = await db.connectionLease.findUnique({ where: { communityId } })
    if (!previous) {
      try {
        await db.connectionLease.create({ data: { communityId, holder: this.holder, expiresAt, acquiredAt: new Date(now), ...this.fresh() } })
        return this.took(now, null)
      } catch {
        // Another process created it first.
        return null
      }
    }
    if (previous.expiresAt.getTime() >= now) return null
    // Only one process can move an expired lease: the condition is checked again under the row's lock.
    const taken = await db.connectionLease.updateMany({
      where: { communityId, holder: previous.holder, expiresAt: { lt: new Date(now) } },
      data: { holder: this.holder, expiresAt, acquiredAt: new Date(now), ...this.fresh() },
    })
    return taken.count === 1 ? this.took(now, previous.holder) : null
  }

  /**
   * Takes the lease from a holder that still renews it, because its account failed (a standby
   * account's decision): only if `from` holds it still, so of two standbys one wins.
   */
  async takeOver(from: LeaseState, reason: Trouble | 'silent'): Promise<Acquired | null> {
    const { db, communityId } = this.options
    const now = this.now()
    const taken = await db.connectionLease.updateMany({
      where: { communityId, holder: from.holder },
      data: { holder: this.holder, expiresAt: new Date(now + this.ttlMs), acquiredAt: new Date(now), ...this.fresh(), reason },
    })
    if (taken.count !== 1) return null
    this.took(now, from.holder)
    return { tookOverFrom: from.holder, reason, previousAccount: from.account }
  }

  /** The columns a new holder starts with: its account key, nothing wrong yet. */
  private fresh() {
    this.trouble = null
    return { account: this.account, accountKey: this.options.accountKey ?? null, trouble: null, troubleSince: null, reason: null }
  }

  /** What every process reads: who holds the lease, with which account, and what is wrong with it. */
  async state(): Promise<LeaseState | null> {
    const row = await this.options.db.connectionLease.findUnique({ where: { communityId: this.options.communityId } })
    if (!row) return null
    return {
      holder: row.holder, expired: row.expiresAt.getTime() < this.now(), account: row.account, accountKey: row.accountKey,
      trouble: row.trouble === 'logout' || row.trouble === 'removed' ? row.trouble : null, troubleSince: row.troubleSince,
      renewedAt: new Date(row.expiresAt.getTime() - this.ttlMs),
    }
  }

  /** The account this process logged in as; written at once while it holds the lease. */
  async loggedInAs(account: string | null): Promise<void> {
    this.account = account
    await this.write()
  }

  /** Reports trouble with the account (or its end, with null); the first report of a kind keeps its time. */
  async report(trouble: Trouble | null): Promise<void> {
    if (trouble === this.trouble?.kind) return
    this.trouble = trouble ? { kind: trouble, since: new Date(this.now()) } : null
    await this.write()
  }

  private async write(): Promise<void> {
    if (!this.held) return
    const { db, communityId } = this.options
    await db.connectionLease.updateMany({ where: { communityId, holder: this.holder }, data: this.reported() })
  }

  private reported() {
    return { account: this.account, accountKey: this.options.accountKey ?? null, trouble: this.trouble?.kind ?? null, troubleSince: this.trouble?.since ?? null }
  }

  private took(now: number, tookOverFrom: string | null): Acquired {
    this.heldUntil = now + this.ttlMs
    return { tookOverFrom }
  }

  /** Who holds the lease now, if anyone does. */
  async currentHolder(): Promise<string | null> {
    const row = await this.options.db.connectionLease.findUnique({ where: { communityId: this.options.communityId } })
    return row && row.expiresAt.getTime() >= this.now() ? row.holder : null
  }

  /**
   * Waits until this process holds the lease, or `cancelled()` turns true (then null). With `slots`
   * (a process serving many communities up to a limit) it tries only while it has a slot to fill.
   */
  async waitUntilHeld(cancelled: () => boolean, slots?: Slots): Promise<Acquired | null> {
    const { log, pollMs = STANDBY_POLL_MS } = this.options
    let told = false
    while (!cancelled()) {
      const free = !slots || slots.take()
      const acquired = !free ? null : await this.tryAcquire().catch((error) => {
        log.warn({ err: String(error).slice(0, 200) }, 'could not check the connection lease; trying again')
        return null
      })
      if (acquired) return acquired
      if (free) slots?.give()
      if (!told) {
        told = true
        log.info({ holder: await this.currentHolder().catch(() => null), me: this.holder }, 'another process holds the WeChat connection; standing by')
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
    return null
  }

  /** Renews the lease until stop(); `onLost` runs once when another process has taken it. */
  keep(onLost: () => void): void {
    const { db, communityId, log, renewMs = RENEW_MS } = this.options
    clearInterval(this.renewer)
    this.renewer = setInterval(async () => {
      const now = this.now()
      try {
        const renewed = await db.connectionLease.updateMany({ where: { communityId, holder: this.holder }, data: { expiresAt: new Date(now + this.ttlMs), ...this.reported() } })
        if (renewed.count === 1) {
          this.heldUntil = now + this.ttlMs
          return
        }
        clearInterval(this.renewer)
        this.heldUntil = 0
        onLost()
      } catch (error) {
        // The database is away: the lease is kept until it runs out by our own clock, then sending stops.
        log.warn({ err: String(error).slice(0, 200) }, 'could not renew the connection lease')
      }
    }, renewMs)
    this.renewer.unref()
  }

  /** Stops renewing and hands the lease back, so a waiting process takes over at once. */
  async release(): Promise<void> {
    clearInterval(this.renewer)
    this.heldUntil = 0
    const { db, communityId } = this.options
    await db.connectionLease.deleteMany({ where: { communityId, holder: this.holder } })
  }
}
