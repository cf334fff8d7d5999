import { openShared, startCommunity, type App, type Shared } from '../app.js'
import { systemClock, type Clock } from '../clock.js'
import { ConfigError } from '../config/community-config.js'
import type { Env } from '../config/env.js'
import type { StreetConfig } from '../config/street-config.js'
import { createLogger, type Logger } from '../logger.js'
import type { Slots } from '../wechat/connection-lease.js'
import { streetRoutes } from '../dashboard/street-routes.js'

/**
 * The JavaScript heap a street's process should be started with (BOT_HEAP_MB): the one community's
 * 160 MB and 8 MB for each further one. Measured: twenty communities under a 160 MB heap spent so
 * long collecting garbage that replies waited (p99 394 ms at 50 messages/s); under 320 MB, 58 ms.
 */
export const streetHeapMb = (communities: number): number => 160 + 8 * Math.max(0, communities - 1)

/** How many communities' connections one process holds at most: the rest wait for a slot, or for another process. */
export class ProcessSlots implements Slots {
  private used = 0
  constructor(readonly limit: number) {}
  take(): boolean {
    if (this.used >= this.limit) return false
    this.used++
    return true
  }
  give(): void {
    this.used = Math.max(0, this.used - 1)
  }
  get held(): number {
    return this.used
  }
}

export interface Street {
  shared: Shared
  /** Every community of the street, in the file's order; a community whose connection another process holds stands by here. */
  apps: App[]
  slots: ProcessSlots
  stop(): Promise<void>
}

export interface StreetOptions {
  env: Env
  street: StreetConfig
  /** Where each community's token (and endpoint) variable is read: process.env by default. */
  source?: Record<string, string | undefined>
  clock?: Clock
  log?: Logger
}

/** The environment one community's bot runs with: the street's, with its own account's token (and endpoint). */
export function communityEnv(env: Env, community: StreetConfig['communities'][number], source: Record<string, string | undefined>, index: number): Env {
  const token = source[community.tokenEnv]
  if (!token) throw new ConfigError(env.STREET_CONFIG ?? 'street', [`${community.config.community}：环境变量 ${community.tokenEnv}（它的微信号的令牌）没有设置`])
  const endpoint = community.endpointEnv ? source[community.endpointEnv] : env.WECHATY_PUPPET_SERVICE_ENDPOINT
  return { ...env, WECHATY_PUPPET: env.WECHATY_PUPPET ?? 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: token, WECHATY_PUPPET_SERVICE_ENDPOINT: endpoint, WECHATY_NAME: `${env.WECHATY_NAME}-${index + 1}` }
}

/**
 * A street's communities in one process: one database pool, one model, one dashboard, one
 * connection per community account. Each community's connection lease is taken while this process
 * has a slot (STREET_MAX_COMMUNITIES); the others stand by, and are taken over here when the
 * process holding them stops answering.
 */
export async function startStreet(options: StreetOptions): Promise<Street> {
  const { env, street } = options
  const clock = options.clock ?? systemClock
  const log = options.log ?? createLogger(env)
  const source = options.source ?? process.env
  const envs = street.communities.map((c, i) => communityEnv(env, c, source, i))
  const shared = await openShared(env, clock, log)
  const slots = new ProcessSlots(env.STREET_MAX_COMMUNITIES)
  const apps: App[] = []
  try {
    for (const [i, c] of street.communities.entries()) apps.push(await startCommunity(shared, { env: envs[i]!, config: c.config, slots }))
  } catch (error) {
    await Promise.all(apps.map((a) => a.stop().catch(() => undefined)))
    await shared.close().catch(() => undefined)
    throw error
  }
  shared.hub.street = streetRoutes({ db: shared.database.prisma, street: street.street, apps, clock, log, secureCookies: env.DASHBOARD_URL?.startsWith('https://') ?? false })
  log.info({ street: street.street.name, communities: apps.length, limit: slots.limit }, 'street started')
  return {
    shared, apps, slots,
    async stop() {
      await Promise.all(apps.map((a) => a.stop().catch((error) => log.warn({ err: error }, 'a community did not stop cleanly'))))
      await shared.close()
    },
  }
}
