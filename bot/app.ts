import cron, { type ScheduledTask } from 'node-cron'
import type { Wechaty } from 'wechaty'
import type { impls } from 'wechaty-puppet'
import type { Community } from '../handlers/context.js'
import { sweepCases } from '../handlers/cases/sweep.js'
import { jobsFor } from '../schedules/jobs.js'
import { systemClock, type Clock } from './clock.js'
import type { CommunityConfig } from './community-config.js'
import { createDb, type Db } from './db.js'
import type { Env } from './env.js'
import { resolveGroup } from './groups.js'
import { createLogger, type Logger } from './logger.js'
import { syncMembers } from './members.js'
import { createLlm } from './llm.js'
import { migrateDatabase } from './migrate.js'
import { DailyLlmBudget } from '../handlers/parse/llm-budget.js'
import { enqueueReplies } from './outbox.js'
import { OutboxSender } from './outbox-sender.js'
import { handleIncoming, handlePending, type RouterDeps } from './router.js'
import { catchUp, startScheduler, type SchedulerDeps } from './scheduler.js'
import { createChartRenderer } from './charts.js'
import { buildWechaty, toRawIncoming, wechatyTransport } from './wechaty-bot.js'

export interface AppOptions {
  env: Env
  config: CommunityConfig
  clock?: Clock
  log?: Logger
  /** The outbox sender runs no loop of its own; tests step it on their clock (pacing tests). */
  manualSending?: boolean
  /** A puppet to use instead of the one the environment names (tests, the local WeChat). */
  puppet?: impls.PuppetInterface
}

export interface App {
  wechaty: Wechaty
  db: Db
  community: Community
  sender: OutboxSender
  /** What scheduled jobs run with: tests fire a job at a chosen time through fireJob(job, jobDeps, due). */
  jobDeps: SchedulerDeps
  /** Runs the supervision sweep (overdue, escalation, rating timeout) now; it also runs every minute. */
  sweep(): Promise<void>
  /** Resolves once the account is logged in and the served groups are known. */
  ready: Promise<void>
  stop(): Promise<void>
}

/** Registers the groups the account is already in, so schedules know where to post. */
async function syncGroups(wechaty: Wechaty, db: Db, community: Community): Promise<void> {
  for (const room of await wechaty.Room.findAll()) {
    await resolveGroup(db, community.id, community.config, room.id, await room.topic())
  }
}

/** Starts the whole bot: database (migrated), Wechaty, the outbox sender and the schedules. */
export async function startApp(options: AppOptions): Promise<App> {
  const { env, config } = options
  const clock = options.clock ?? systemClock
  const log = options.log ?? createLogger(env)
  // The client is made first so an unsupported DATABASE_URL is refused plainly, before any migration runs.
  const db = createDb(env.databaseUrl)
  await migrateDatabase(env.databaseUrl)
  const row = await db.community.upsert({ where: { name: config.community }, create: { name: config.community, timezone: config.timezone, createdAt: clock.now() }, update: { timezone: config.timezone } })
  const community: Community = { id: row.id, config }
  await syncMembers(db, community.id, config)

  const wechaty = buildWechaty(env, options.puppet)
  const operators = config.members.filter((m) => m.roles.includes('admin')).concat(config.members.filter((m) => m.roles.includes('secretary')))
  const alertOperators = (text: string, key: string): void => {
    const notes = operators.slice(0, 3).map((m) => ({ conversationId: m.id, isRoom: false, text, key: `${key}:${m.id}` }))
    enqueueReplies(db, community.id, notes, clock.now()).catch((error) => log.error({ err: error, key }, 'could not queue an alert for the operator'))
  }
  const sender = new OutboxSender({
    db, communityId: community.id, transport: wechatyTransport(wechaty), limits: config.sending, log, isOnline: () => wechaty.isLoggedIn,
    ...(options.manualSending ? { manual: true, clock } : {}),
    onDailyAlert: (sent) => alertOperators(`提醒：红管家过去 24 小时已发出 ${sent} 条消息，接近每日上限 ${config.sending.dailyCap} 条；到上限后群消息暂停，私聊照常。`, `daily-alert:${clock.now().toISOString().slice(0, 10)}`),
  })
  const llm = createLlm(env)
  const model = llm
    ? { llm, budget: new DailyLlmBudget(env.LLM_CALLS_PER_RESIDENT, env.LLM_CALLS_PER_DAY), onError: (error: unknown) => log.warn({ err: String(error).slice(0, 200) }, 'model call failed; the rule result stands') }
    : undefined
  const deps: RouterDeps = { db, clock, community, log, model, onQueued: () => sender.kick() }
  const schedulerDeps: SchedulerDeps = { db, community, model, clock, log, onQueued: () => sender.kick(), renderChart: createChartRenderer(env.CHART_FONT, log) }
  let tasks: ScheduledTask[] = []
  const sweep = async (): Promise<void> => {
    const replies = await sweepCases(db, community, clock.now())
    await enqueueReplies(db, community.id, replies, clock.now())
    if (replies.length) sender.kick()
  }

  wechaty.on('message', async (message) => {
    const raw = await toRawIncoming(wechaty, message).catch((error) => {
      log.error({ err: error, messageId: message.id }, 'could not read incoming message')
      return null
    })
    if (raw) await handleIncoming(deps, raw)
  })
  wechaty.on('error', (error) => log.error({ err: error }, 'wechaty error'))
  wechaty.on('logout', (user) => log.warn({ user: user.id }, 'logged out; sending pauses until the next login'))
  wechaty.on('scan', (qrcode, status) => log.info({ status, qrcode }, 'scan the QR code to log in'))

  const ready = new Promise<void>((resolve) => {
    wechaty.once('login', async (user) => {
      log.info({ user: user.id }, 'logged in')
      try {
        await syncGroups(wechaty, db, community)
        const pending = await handlePending(deps)
        if (pending) log.info({ pending }, 'handled messages stored before the last stop')
        await sender.start()
        const caughtUp = await catchUp(jobsFor(config), schedulerDeps, config.timezone, row.createdAt)
        if (caughtUp.sent || caughtUp.missed) log.info(caughtUp, 'caught up with schedules missed while stopped')
        tasks = startScheduler(jobsFor(config), schedulerDeps, config.timezone)
        tasks.push(cron.schedule('* * * * *', () => sweep().catch((error) => log.error({ err: error }, 'case sweep failed')), { name: 'caseSweep', noOverlap: true }))
      } catch (error) {
        log.error({ err: error }, 'start-up after login failed')
      }
      resolve()
    })
  })
  await wechaty.start()

  return {
    wechaty, db, community, sender, ready, sweep, jobDeps: schedulerDeps,
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()))
      await sender.stop()
      await wechaty.stop().catch((error) => log.warn({ err: error }, 'wechaty stop failed'))
      await db.$disconnect()
    },
  }
}
