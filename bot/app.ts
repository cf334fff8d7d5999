import type { ScheduledTask } from 'node-cron'
import type { Wechaty } from 'wechaty'
import type { impls } from 'wechaty-puppet'
import type { CommunityConfig } from '../handlers/community/config-schema.js'
import type { Community } from '../handlers/context.js'
import { jobsFor } from '../schedules/jobs.js'
import { systemClock, type Clock } from './clock.js'
import type { Env } from './config/env.js'
import { openDatabase, senderDatabase, tuneDb, type Database, type Db } from './db/client.js'
import { migrateDatabase } from './db/migrate.js'
import { newSecret } from '../handlers/dashboard/dashboard-commands.js'
import { GroupDirectory } from './inbound/groups.js'
import { handleIncoming, handlePending, storeHeard, type InboundDeps } from './inbound/handle-incoming.js'
import { adoptHeard } from './inbound/heard.js'
import { moveOldRedSaturdays } from '../handlers/volunteers/red-saturday-activity.js'
import { handlerPorts } from './inbound/handler-ports.js'
import { KeyedLock } from './inbound/keyed-lock.js'
import { ReplyBudget } from './inbound/reply-budget.js'
import { MemberDirectory } from './inbound/members.js'
import { createLogger, type Logger } from './logger.js'
import { createChartRenderer, createSvgRenderer } from './model/charts.js'
import { loadClassifier } from './model/classifier.js'
import { createModelAccess } from './model/llm.js'
import { Alerts } from './outbox/alerts.js'
import { senderAlerts } from './outbox/sender-alerts.js'
import { OutboxSender } from './outbox/sender.js'
import { registerCron } from './schedule/cron-registrar.js'
import { cronTasks } from './schedule/cron-tasks.js'
import { rounds } from './schedule/rounds.js'
import { catchUp, type SchedulerDeps } from './schedule/scheduler.js'
import { communityDashboard, startDashboard, type Dashboard } from './dashboard/server.js'
import { DashboardHub } from './dashboard/hub.js'
import type { Classifier } from '../handlers/parse/model/classifier.js'
import { Connection } from './wechat/connection.js'
import { ConnectionLease } from './wechat/connection-lease.js'
import { ConnectionWatchdog } from './wechat/connection-watchdog.js'
import { listenToRooms } from './wechat/room-listeners.js'
import { SilenceWatch } from './wechat/silence-watch.js'
import { accountKeyOf, BotAccounts, StandbyWatch } from './wechat/standby.js'
import { buildWechaty, toRawIncoming, wechatyTransport } from './wechat/wechaty-bot.js'
import { enqueueReplies } from './outbox/enqueue.js'
import type { Acquired, Slots } from './wechat/connection-lease.js'

export interface AppOptions {
  env: Env
  config: CommunityConfig
  clock?: Clock
  log?: Logger
  /** The outbox sender runs no loop of its own; tests step it on their clock (pacing tests). */
  manualSending?: boolean
  /** A puppet to use instead of the one the environment names (tests, the local WeChat). */
  puppet?: impls.PuppetInterface
  /** Tests only: a fault after a message's handling and before its commit (InboundDeps). */
  faultAfterHandling?: (messageId: string) => void
}

export interface App {
  wechaty: Wechaty
  db: Db
  database: Database
  community: Community
  sender: OutboxSender
  /** What scheduled jobs run with: tests fire a job at a chosen time through fireJob(job, jobDeps, due). */
  jobDeps: SchedulerDeps
  /** Runs the supervision sweep (overdue, escalation, rating timeout) now; it also runs every minute. */
  sweep(): Promise<void>
  /** Removes personal data past the retention period now; it also runs every night at 03:30. */
  purge(): Promise<void>
  /** Resets the connection (once per quiet spell) and alerts when a busy community has gone silent; runs every 10 minutes. True when it did. */
  checkSilence(): Promise<boolean>
  /** Resolves once the account is logged in and the served groups are known. */
  ready: Promise<void>
  /** Which process of the station holds the WeChat connection; the others stand by. */
  lease: ConnectionLease
  /** True while this process is connected as a standby account: it stores what it hears and sends nothing. */
  listening(): boolean
  /** The web dashboard, unless DASHBOARD_PORT=off. */
  dashboard: Dashboard | null
  stop(): Promise<void>
}

/** Photos stored before they had a random key get one, so the dashboard serves every photo by key only. */
async function keyOlderPhotos(db: Db): Promise<void> {
  const unkeyed = await db.casePhoto.findMany({ where: { key: null }, select: { id: true } })
  for (const photo of unkeyed) await db.casePhoto.update({ where: { id: photo.id }, data: { key: newSecret() } })
}

/** What every community served by one process shares: the database and its pools, the model, the renderers, one dashboard. */
export interface Shared {
  env: Env
  clock: Clock
  log: Logger
  database: Database
  /** The outbox senders' own pool (PostgreSQL), shared by the communities. */
  sendingDatabase: Database
  classifier: Classifier
  renderChart: ReturnType<typeof createChartRenderer>
  renderSvg: ReturnType<typeof createSvgRenderer>
  hub: DashboardHub
  dashboard: Dashboard | null
  close(): Promise<void>
}

/** Opens what the communities of one process share: the database (migrated), the model and the dashboard. */
export async function openShared(env: Env, clock: Clock, log: Logger): Promise<Shared> {
  // The client is made first so an unsupported DATABASE_URL is refused plainly, before any migration runs.
  const database = await openDatabase(env.databaseUrl)
  await migrateDatabase(env.databaseUrl)
  await tuneDb(database)
  const sendingDatabase = await senderDatabase(database, env.databaseUrl)
  const hub = new DashboardHub(database.prisma)
  const dashboard = await startDashboard(hub.fetch, env, log)
  return {
    env, clock, log, database, sendingDatabase, hub, dashboard,
    classifier: loadClassifier(env.MODEL_DIR, log),
    renderChart: createChartRenderer(env.CHART_FONT, log),
    renderSvg: createSvgRenderer(env.CHART_FONT, log),
    async close() {
      await dashboard?.close()
      if (sendingDatabase !== database) await sendingDatabase.prisma.$disconnect()
      await database.prisma.$disconnect()
    },
  }
}

/** Starts the whole bot for one community: database (migrated), Wechaty, the outbox sender and the schedules. */
export async function startApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock
  const log = options.log ?? createLogger(options.env)
  const shared = await openShared(options.env, clock, log)
  try {
    const app = await startCommunity(shared, options)
    return { ...app, async stop() {
      await app.stop()
      await shared.close()
    } }
  } catch (error) {
    await shared.close().catch(() => undefined)
    throw error
  }
}

export interface CommunityOptions extends Omit<AppOptions, 'clock' | 'log'> {
  /** A street's process: the connections it may hold at once (its per-process limit). */
  slots?: Slots
}

/** Starts one community on what its process shares: its account's connection, its outbox, its schedules, its pages. */
export async function startCommunity(shared: Shared, options: CommunityOptions): Promise<App> {
  const { env, config } = options
  const { clock, log: processLog, database } = shared
  const log = processLog.child({ community: config.community })
  const db = database.prisma
  const row = await db.community.upsert({ where: { name: config.community }, create: { name: config.community, timezone: config.timezone, createdAt: clock.now() }, update: { timezone: config.timezone } })
  const community: Community = { id: row.id, config }
  const groups = new GroupDirectory(db, community.id, config)
  const members = new MemberDirectory(db, community.id)
  await keyOlderPhotos(db)
  const movedSignups = await moveOldRedSaturdays(db, community, clock.now())
  if (movedSignups) log.info({ movedSignups }, 'Red Saturday sign-ups kept before activities moved into them')
  const dropped = await members.sync(config, clock.now())
  if (dropped.length) log.warn({ members: dropped }, 'members no longer in the community file lost their roles and dashboard sessions')

  const wechaty = buildWechaty(env, options.puppet)
  const operators = [...new Set([...config.members.filter((m) => m.roles.includes('admin')), ...config.members.filter((m) => m.roles.includes('secretary'))].map((m) => m.id))]
  const kick = () => sender.kick()
  const alerts = new Alerts({ sql: database.sql, communityId: community.id, clock, log, operators, webhookUrl: env.ALERT_WEBHOOK_URL, onQueued: kick })
  groups.onNameTaken = (topic, roomId) => {
    void alerts.raise(`name-taken:${roomId}`, `提醒：又有一个群改名叫「${topic}」，它不是配置里的那个「${topic}」（红管家第一次见到的那个群），红管家不会把工单发到这个群，也不在里面说话。请核实是谁建的群；如果原来的群确实不用了，把红管家移出原来的群后再重启。`)
  }
  const watchdog = new ConnectionWatchdog(wechaty, log)
  const lease = new ConnectionLease({ db, communityId: community.id, log, accountKey: accountKeyOf(env) })
  const { sendingDatabase } = shared
  const sender: OutboxSender = new OutboxSender({
    database: sendingDatabase, communityId: community.id, transport: wechatyTransport(wechaty), limits: config.sending, log,
    isOnline: () => wechaty.isLoggedIn && !watchdog.busy && lease.held, ...(options.manualSending ? { manual: true, clock } : {}), ...senderAlerts(alerts, config, clock),
  })
  const model = await createModelAccess(env, config, log)
  const inbound: InboundDeps = {
    database, clock, community, log, classifier: shared.classifier, model, groups, members, ports: handlerPorts(database, groups, members),
    onQueued: kick, inFlight: new Set(), faultAfterHandling: options.faultAfterHandling, locks: new KeyedLock(), replyBudget: new ReplyBudget(config.sending.perContactPerHour),
  }
  const jobDeps: SchedulerDeps = { db, sql: database.sql, community, model, clock, log, onQueued: kick, renderChart: shared.renderChart }
  const round = rounds({ database, community, clock, log, operators, onQueued: kick })
  const silence = new SilenceWatch({ db, communityId: community.id, timeZone: config.timezone, clock, log, alerts, isConnected: () => lease.held && wechaty.isLoggedIn, reset: () => watchdog.reset() })
  const checkSilence = () => silence.check()
  const tasksOfCron = cronTasks(jobsFor(config), jobDeps, config.timezone, { ...round, checkSilence, handlePending: () => handlePending(inbound) }, log)
  let tasks: ScheduledTask[] = []
  const { dashboard } = shared
  shared.hub.add(community.id, communityDashboard({ db, community, clock, log, members, inbound }, env, log).fetch)
  // 看板 links start with where the dashboard is reached.
  inbound.ports = handlerPorts(database, groups, members, dashboard?.url ?? null, shared.renderSvg)

  const botAccounts = new BotAccounts(db, community.id, clock)
  await botAccounts.load()
  botAccounts.watch(log)
  const standby = new StandbyWatch({
    lease, db, communityId: community.id, clock, log, isLoggedIn: () => wechaty.isLoggedIn, accounts: botAccounts,
    graceMs: env.STANDBY_GRACE_SECONDS * 1000, deafAfter: { messages: 3, ms: env.STANDBY_DEAF_SECONDS * 1000 },
  })
  wechaty.on('login', (user) => void botAccounts.loggedIn(user.id).catch((error) => log.warn({ err: String(error).slice(0, 200) }, 'could not record the account logged in')))
  wechaty.on('message', async (message) => {
    const raw = await toRawIncoming(wechaty, message).catch((error) => void log.error({ err: error, messageId: message.id }, 'could not read incoming message'))
    // Another account of this community speaking in a group (the main one heard by a standby, or the other way round).
    if (!raw || botAccounts.has(raw.talkerId)) return
    if (connection.isListening) await storeHeard(inbound, raw, await standby.activeAccountNow().catch(() => null))
    else await handleIncoming(inbound, raw)
  })
  const isActive = () => !connection.isListening
  listenToRooms(wechaty, { groups, alerts, clock, log, isActive, removed: (out) => void lease.report(out ? 'removed' : null).catch(() => undefined) })
  const tookOver = async (acquired: Acquired) => {
    await botAccounts.load()
    const adopted = await adoptHeard(db, community.id, clock.now())
    if (adopted) log.warn({ adopted }, 'messages only the standby account heard are handled now')
    await tellTakeover(acquired, adopted)
  }
  const tellTakeover = async (acquired: Acquired, adopted: number) => {
    // The lease handed back cleanly (the other account's process stopped): no news for anyone.
    if (!acquired.tookOverFrom) return
    const now = clock.now()
    const why = acquired.reason === 'logout' ? '已退出登录（可能被封号或在手机上退出）' : acquired.reason === 'removed' ? '被移出了服务的群' : acquired.reason === 'silent' ? '已经收不到群里的消息' : '所在的进程已停止响应'
    const gap = adopted ? `；主号断开期间只有备用号收到的 ${adopted} 条消息已补登` : ''
    await alerts.raise(
      `standby:${now.toISOString()}`,
      `提醒：红管家的主微信号${why}，备用微信号已经接手，群里的报事照常登记和回复${gap}。请：① 在手机上看看主号是被封、被移出群还是掉线了；② 主号恢复后照常启动它，它会自动转为备用，不会重复回复；③ 主号回不来的话，再准备一个微信号做新的备用。`,
    )
    const station = await db.chatGroup.findFirst({ where: { communityId: community.id, kind: 'station', leftAt: null }, orderBy: { id: 'asc' } })
    if (station) {
      await enqueueReplies(database.sql, community.id, [{ conversationId: station.roomId, isRoom: true, text: '【红管家】值班的微信号换成了备用号，大家照常在群里反映问题，我们照常受理。', key: `standby:${lease.holder}:${now.toISOString()}` }], now)
      kick()
    }
  }
  const connection: Connection = new Connection({
    wechaty, lease, watchdog, alerts, log, standby, startsAsStandby: env.BOT_ROLE === 'standby', tookOver, slots: options.slots,
    forget: () => (groups.forget(), members.forget()),
    async activate() {
      await groups.sync(await wechaty.Room.findAll())
      const pending = await handlePending(inbound)
      if (pending) log.info({ pending }, 'handled messages stored before the last stop')
      await sender.start()
      await round.warnOfMissingCalendar()
      const caughtUp = await catchUp(jobsFor(config), jobDeps, config.timezone, row.createdAt)
      if (caughtUp.sent || caughtUp.missed) log.info(caughtUp, 'caught up with schedules missed while stopped')
      tasks = registerCron(tasksOfCron, log)
      await round.purge().catch((error) => log.error({ err: error }, 'retention purge failed'))
    },
    async deactivate() {
      await Promise.all(tasks.map((t) => t.destroy()))
      tasks = []
      await sender.stop()
    },
  })
  await connection.open()

  return {
    wechaty, db, database, community, sender, lease, jobDeps, ready: connection.ready, sweep: round.sweep, purge: round.purge, checkSilence,
    listening: () => connection.isListening,
    dashboard,
    async stop() {
      botAccounts.stop()
      shared.hub.remove(community.id)
      await connection.close()
    },
  }
}
