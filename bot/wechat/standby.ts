import { createHash } from 'node:crypto'
import type { Db } from '../db/client.js'
import type { Clock } from '../clock.js'
import type { Env } from '../config/env.js'
import { activeIsDeaf, heardKeptFrom, letGoOfHeardBefore, settleCopies } from '../inbound/heard.js'
import type { Logger } from '../logger.js'
import type { Acquired, ConnectionLease } from './connection-lease.js'

/** Which account a process connects with, told to the others without telling them its token. */
export function accountKeyOf(env: Env): string {
  const connection = `${env.WECHATY_PUPPET ?? 'wechaty-puppet-service'}|${env.WECHATY_PUPPET_SERVICE_ENDPOINT ?? ''}|${env.WECHATY_PUPPET_SERVICE_TOKEN ?? ''}`
  return createHash('sha256').update(connection).digest('base64url').slice(0, 16)
}

/** Heard messages are matched to the active account's over this much of the past on each look. */
const SETTLE_WINDOW_MS = 10 * 60_000

export interface StandbyOptions {
  lease: ConnectionLease
  db: Db
  communityId: number
  /** The business clock, which stamps messages. */
  clock: Clock
  log: Logger
  /** The community's accounts, read again on each look: the active one's lines are never stored. */
  accounts: BotAccounts
  /** Whether this standby's own account is logged in: a standby that cannot hear cannot take over. */
  isLoggedIn: () => boolean
  /** How long the active account's reported trouble (logged out, removed from a group) lasts before the standby takes over. */
  graceMs: number
  /** How many group messages heard only here, the first this long ago, make the active account deaf. */
  deafAfter: { messages: number; ms: number }
  pollMs?: number
}

/**
 * A standby account's watch over the active one, every few seconds while it listens: matches what
 * it heard to what the active account stored, and takes the lease when the active account has
 * failed: its process stopped (the lease ran out), it reported a logout or a removal for longer
 * than the grace, or it stopped hearing the groups the standby still hears.
 */
export class StandbyWatch {
  /** The active account, whose own lines in the groups are never stored as residents' messages. */
  private activeAccount: string | null = null
  private timer?: NodeJS.Timeout
  private startedAt = 0
  private firstWaitMs = 0
  private busy = false

  constructor(private readonly options: StandbyOptions) {}

  /** The active account as the lease last told it (read now when not yet known). */
  async activeAccountNow(): Promise<string | null> {
    if (this.activeAccount) return this.activeAccount
    const state = await this.options.lease.state()
    if (state?.account && state.holder !== this.options.lease.holder) this.activeAccount = state.account
    return this.activeAccount
  }

  /** Looks until the lease is taken; a free lease is left `firstWaitMs` to the main account (a standby's start). */
  start(onAcquired: (acquired: Acquired) => void, firstWaitMs = 0): void {
    this.stop()
    this.startedAt = Date.now()
    this.firstWaitMs = firstWaitMs
    this.activeAccount = null
    this.timer = setInterval(() => {
      if (this.busy) return
      this.busy = true
      this.look()
        .then((acquired) => {
          if (!acquired) return
          this.stop()
          onAcquired(acquired)
        })
        .catch((error) => this.options.log.warn({ err: String(error).slice(0, 200) }, 'standby could not look at the active account'))
        .finally(() => (this.busy = false))
    }, this.options.pollMs ?? 2_000)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  /** One look: the lease taken when the active account has failed, else null. */
  async look(): Promise<Acquired | null> {
    const { lease, db, communityId, clock, graceMs, deafAfter } = this.options
    const now = clock.now()
    await settleCopies(db, communityId, new Date(now.getTime() - SETTLE_WINDOW_MS))
    await letGoOfHeardBefore(db, communityId, heardKeptFrom(now))
    await this.options.accounts.load()
    const state = await lease.state()
    if (state?.account && state.holder !== lease.holder) this.activeAccount = state.account
    if (!this.options.isLoggedIn()) return null
    if (!state || state.expired) return Date.now() - this.startedAt >= this.firstWaitMs ? lease.tryAcquire() : null
    if (state.holder === lease.holder) return null
    if (state.trouble && state.troubleSince && Date.now() - state.troubleSince.getTime() >= graceMs) return lease.takeOver(state, state.trouble)
    if (await activeIsDeaf(db, communityId, now, deafAfter.messages, deafAfter.ms)) return lease.takeOver(state, 'silent')
    return null
  }
}

/**
 * The community's own WeChat accounts (the main one, standby ones), written at each login: what
 * one of them says in a group reaches the others as a message, and is never a resident's.
 */
export class BotAccounts {
  private readonly ids = new Set<string>()
  private timer?: NodeJS.Timeout

  constructor(
    private readonly db: Db,
    private readonly communityId: number,
    private readonly clock: Clock,
  ) {}

  has(contactId: string): boolean {
    return this.ids.has(contactId)
  }

  /**
   * Reads every account the bot has logged in as on this database (at a takeover, and as a standby
   * looks): the community's own, and in a street the other communities' too, whose accounts may sit
   * in a group with this one (the street's staff group).
   */
  async load(): Promise<void> {
    const rows = await this.db.botAccount.findMany({ select: { contactId: true }, distinct: ['contactId'] })
    for (const r of rows) this.ids.add(r.contactId)
  }

  /** Reads the accounts again every second: a standby that logged in is known before its first look could take over (2 s). */
  watch(log: Logger, everyMs = 1_000): void {
    this.timer = setInterval(() => void this.load().catch((error) => log.warn({ err: String(error).slice(0, 200) }, 'could not read the bot accounts')), everyMs)
    this.timer.unref()
  }

  stop(): void {
    clearInterval(this.timer)
  }

  /** This process logged in as `contactId`. */
  async loggedIn(contactId: string): Promise<void> {
    this.ids.add(contactId)
    const { db, communityId } = this
    const seenAt = this.clock.now()
    await db.botAccount.upsert({ where: { communityId_contactId: { communityId, contactId } }, create: { communityId, contactId, seenAt }, update: { seenAt } })
    await this.load()
  }
}
