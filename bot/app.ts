import cron, { type ScheduledTask } from 'node-cron'
import type { Wechaty } from 'wechaty'
import type { impls } from 'wechaty-puppet'
import type { Community } from '../handlers/context.js'
import { sweepCases } from '../handlers/cases/sweep.js'
import { purgeExpired } from '../handlers/privacy/personal-data.js'
import { setPublicNumbers } from '../handlers/mask.js'
import { jobsFor } from '../schedules/jobs.js'
import { systemClock, type Clock } from './clock.js'
import type { CommunityConfig } from '../handlers/community/config-schema.js'
import { createDb, senderDb, tuneDb, type Db } from './db/client.js'
import type { Env } from './config/env.js'
import { forgetGroups, leftGroup, resolveGroup } from './inbound/groups.js'
import { createLogger, type Logger } from './logger.js'
import { forgetMembers, syncMembers } from './inbound/members.js'
import { createLlm } from './model/llm.js'
import { Alerts } from './outbox/alerts.js'
import { ConnectionWatchdog } from './wechat/connection-watchdog.js'
import { ConnectionLease, LEASE_TTL_MS } from './wechat/connection-lease.js'
import { momentText } from '../handlers/time.js'
import { migrateDatabase } from './db/migrate.js'
import { DailyLlmBudget } from '../handlers/parse/llm-budget.js'
import { enqueueReplies } from './outbox/enqueue.js'
import { OutboxSender } from './outbox/sender.js'
import { handleIncoming, handlePending, type RouterDeps } from './inbound/handle-incoming.js'
import { KeyedLock } from './inbound/keyed-lock.js'
import { missingCalendarText } from '../handlers/calendar.js'
import { HISTORY_DAYS, silenceIsSuspicious } from './wechat/silence-watch.js'
import { catchUp, retryRuns, startScheduler, type SchedulerDeps } from './schedule/scheduler.js'
import { createChartRenderer } from './model/charts.js'
import { loadClassifier } from './model/classifier.js'
import { buildWechaty, stopWechaty, toRawIncoming, wechatyTransport } from './wechat/wechaty-bot.js'

export interface AppOptions {
  env: Env
  config: CommunityConfig
  clock?: Clock
  log?: Logger
  /** The outbox sender runs no loop of its own; tests step it on their clock (pacing tests). */
  manualSending?: boolean
  /** A puppet to use instead of the one the environment names (tests, the local WeChat). */
  puppet?: impls.PuppetInterface
  /** Tests only: a fault after a message's handling and before its commit (RouterDeps). */
  faultAfterHandling?: (messageId: string) => void
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
  /** Removes personal data past the retention period now; it also runs every night at 03:30. */
  purge(): Promise<void>
  /** Resets the connection (once per quiet spell) and alerts when a busy community has gone silent; runs every 10 minutes. True when it did. */
  checkSilence(): Promise<boolean>
  /** Resolves once the account is logged in and the served groups are known. */
  ready: Promise<void>
  /** Which process of the station holds the WeChat connection; the others stand by. */
  lease: ConnectionLease
  stop(): Promise<void>
}

/** How long a process that took the connection over waits for the login before it reconnects. */
const TAKEOVER_LOGIN_MS = 20_000

/** How long a reconnect may take to log back in before the operator is told the account is out. */
const LOGIN_GRACE_MS = 2 * 60_000

/** Registers the groups the account is already in, so schedules know where to post. */
async function syncGroups(wechaty: Wechaty, db: Db, community: Community): Promise<void> {
  for (const room of await wechaty.Room.findAll()) {
    await resolveGroup(db, community.id, community.config, room.id, await room.topic())
  }
}

/** Starts the whole bot: database (migrated), Wechaty, the outbox sender and the schedules. */
export async function startApp(options: AppOptions): Promise<App> {
  const { env, config } = options
  setPublicNumbers(config.publicNumbers)
  const clock = options.clock ?? systemClock
  const log = options.log ?? createLogger(env)
  // The client is made first so an unsupported DATABASE_URL is refused plainly, before any migration runs.
  const db = await createDb(env.databaseUrl)
  await migrateDatabase(env.databaseUrl)
  await tuneDb(db, env.databaseUrl)
  const row = await db.community.upsert({ where: { name: config.community }, create: { name: config.community, timezone: config.timezone, createdAt: clock.now() }, update: { timezone: config.timezone } })
  const community: Community = { id: row.id, config }
  await syncMembers(db, community.id, config)

  const wechaty = buildWechaty(env, options.puppet)
  const operators = [...config.members.filter((m) => m.roles.includes('admin')), ...config.members.filter((m) => m.roles.includes('secretary'))].map((m) => m.id)
  const alerts = new Alerts({ db, communityId: community.id, clock, log, operators: [...new Set(operators)], webhookUrl: env.ALERT_WEBHOOK_URL, onQueued: () => sender.kick() })
  const watchdog = new ConnectionWatchdog(wechaty, log)
  const lease = new ConnectionLease({ db, communityId: community.id, log })
  const sendingDb = await senderDb(db, env.databaseUrl)
  const sender: OutboxSender = new OutboxSender({
    db: sendingDb, communityId: community.id, transport: wechatyTransport(wechaty), limits: config.sending, log, isOnline: () => wechaty.isLoggedIn && !watchdog.busy && lease.held,
    ...(options.manualSending ? { manual: true, clock } : {}),
    onDailyAlert: (sent) => void alerts.raise(`daily:${clock.now().toISOString().slice(0, 10)}`, `提醒：红管家过去 24 小时已发出 ${sent} 条消息，接近每日上限 ${config.sending.dailyCap} 条；到上限后群消息暂停，私聊照常。`),
    onHeld: (minutes) =>
      void alerts.raise(
        `held:${clock.now().toISOString().slice(0, 10)}`,
        `提醒：有回复因为单个群每小时 ${config.sending.perGroupPerHour} 条的上限已经等了 ${minutes} 分钟。紧急的回执和给工作人员的紧急通知不受这个限制；其余的等这个群的名额，轮到时合并成一条发出。群里消息一直很多的话，可以在社区配置 sending.perGroupPerHour 里适当调高。`,
      ),
    onFrequent: ({ minutes, until, first }) => {
      if (!first) return
      alerts.clear('frequent')
      void alerts.raise('frequent', `提醒：微信提示红管家发送消息过于频繁，已暂停所有发送 ${minutes} 分钟（到 ${momentText(until, config.timezone)}），期间不重试，之后自动恢复；若再出现会暂停更久。`)
    },
  })
  const llm = await createLlm(env)
  const model = llm
    ? { llm, budget: new DailyLlmBudget(env.LLM_CALLS_PER_RESIDENT, env.LLM_CALLS_PER_DAY, config.timezone), onError: (error: unknown) => log.warn({ err: String(error).slice(0, 200) }, 'model call failed; the rule result stands') }
    : undefined
  const classifier = loadClassifier(env.MODEL_DIR, log)
  const deps: RouterDeps = { db, clock, community, log, classifier, model, onQueued: () => sender.kick(), inFlight: new Set(), faultAfterHandling: options.faultAfterHandling, locks: new KeyedLock() }
  const schedulerDeps: SchedulerDeps = { db, community, model, clock, log, onQueued: () => sender.kick(), renderChart: createChartRenderer(env.CHART_FONT, log) }
  let tasks: ScheduledTask[] = []
  const purge = async (): Promise<void> => {
    const now = clock.now()
    const purged = await purgeExpired(db, community.id, now, config.retentionDays)
    if (purged.cases || purged.messages) {
      log.info(purged, 'personal data past the retention period removed')
      await db.auditLog.create({ data: { communityId: community.id, actor: 'system', action: 'retention-purge', detail: `${purged.cases} 件工单、${purged.messages} 条消息（保留 ${config.retentionDays} 天）`, at: now } })
    }
  }
  /** Tells the operators, once per missing year (the outbox key), that the holiday calendar needs the year's dates. */
  const warnOfMissingCalendar = async (): Promise<void> => {
    const missing = missingCalendarText(clock.now(), config.timezone, config.calendar)
    if (!missing) return
    log.warn({ years: missing.years }, 'the holiday calendar does not cover these years: add them under calendar in the community config')
    const notes = operators.slice(0, 3).map((id) => ({ conversationId: id, isRoom: false, text: missing.text, key: `calendar-missing:${missing.years.join(',')}:${id}` }))
    if ((await enqueueReplies(db, community.id, notes, clock.now())) > 0) sender.kick()
  }
  // The last message of a quiet spell already acted on: one reset and one alert per spell.
  let quietSpellFrom: number | null = null
  const checkSilence = async (): Promise<boolean> => {
    if (!lease.held || !wechaty.isLoggedIn) return false
    const now = clock.now()
    const last = await db.inboundMessage.findFirst({ where: { communityId: community.id }, orderBy: { id: 'desc' }, select: { receivedAt: true } })
    const messagesInHistory = await db.inboundMessage.count({ where: { communityId: community.id, receivedAt: { gte: new Date(now.getTime() - HISTORY_DAYS * 86_400_000) } } })
    if (!silenceIsSuspicious({ now, timeZone: config.timezone, lastMessageAt: last?.receivedAt ?? null, messagesInHistory })) return false
    if (quietSpellFrom === last!.receivedAt.getTime()) return false
    quietSpellFrom = last!.receivedAt.getTime()
    const hours = Math.floor((now.getTime() - quietSpellFrom) / 3_600_000)
    log.warn({ lastMessageAt: last!.receivedAt, messagesInHistory }, 'no message for hours where the groups are usually busy; resetting the connection')
    watchdog.reset()
    await alerts.raise(
      `silent:${quietSpellFrom}`,
      `提醒：红管家已经 ${hours} 个多小时没有收到任何群消息了，而过去两周白天平均每小时不止一条。账号可能已经收不到消息（看起来还在线）。已自动重连一次；如果还是没有消息，请在手机上看看这个微信号是否还能正常收发，必要时重新登录。`,
    )
    return true
  }
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
  // An error event from the connection is logged and survived: the watchdog and reconnect take care of the rest.
  wechaty.on('error', (error) => log.error({ err: error }, 'wechaty error'))
  let stopping = false
  let standingDown = false
  wechaty.on('logout', (user) => {
    // Stopping the bot, or handing the connection over, logs the puppet out too: that is no news for the operator.
    if (stopping || standingDown) return
    log.warn({ user: user.id }, 'logged out; sending pauses until the next login')
    const alert = () => void alerts.raise('logout', `提醒：红管家的微信已退出登录，消息暂停发送（不会丢失）。请尽快重新扫码登录，登录后自动补发。`)
    // Reconnecting restarts the puppet, which logs out for a moment: the operator hears of it only if the login does not come back.
    if (!watchdog.busy) return alert()
    setTimeout(() => !stopping && !wechaty.isLoggedIn && alert(), LOGIN_GRACE_MS).unref()
  })
  wechaty.on('room-topic', (room, topic) => {
    resolveGroup(db, community.id, config, room.id, topic).catch((error) => log.error({ err: error, roomId: room.id }, 'could not record a group rename'))
  })
  wechaty.on('room-leave', (room, leavers) => {
    if (!leavers.some((c) => c.id === wechaty.currentUser?.id)) return
    leftGroup(db, room.id, clock.now())
      .then(async (group) => {
        if (!group) return
        log.warn({ roomId: room.id, topic: group.topic, dropped: group.dropped }, 'removed from a group; nothing more is sent there')
        await alerts.raise(`left:${room.id}`, `提醒：红管家被移出了群「${group.topic}」，之后不再往该群发消息${group.dropped ? `（${group.dropped} 条待发消息已取消）` : ''}。如需恢复，请把红管家重新拉进群。`)
      })
      .catch((error) => log.error({ err: error, roomId: room.id }, 'could not record leaving a group'))
  })
  wechaty.on('room-join', async (room, invitees) => {
    if (!invitees.some((c) => c.id === wechaty.currentUser?.id)) return
    alerts.clear(`left:${room.id}`)
    // Reading the topic can fail too (the connection dropped): logged, never an unhandled rejection.
    await room
      .topic()
      .then((topic) => resolveGroup(db, community.id, config, room.id, topic))
      .catch((error) => log.error({ err: error, roomId: room.id }, 'could not record joining a group'))
  })
  wechaty.on('scan', (qrcode, status) => log.info({ status, qrcode }, 'scan the QR code to log in'))

  // Everything that runs only in the process holding the connection, started at its first login.
  let active = false
  let markReady: () => void
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  wechaty.on('login', async (user) => {
    alerts.clear('logout')
    if (active) return
    active = true
    log.info({ user: user.id }, 'logged in')
    try {
      await syncGroups(wechaty, db, community)
      const pending = await handlePending(deps)
      if (pending) log.info({ pending }, 'handled messages stored before the last stop')
      await sender.start()
      await warnOfMissingCalendar()
      const caughtUp = await catchUp(jobsFor(config), schedulerDeps, config.timezone, row.createdAt)
      if (caughtUp.sent || caughtUp.missed) log.info(caughtUp, 'caught up with schedules missed while stopped')
      tasks = startScheduler(jobsFor(config), schedulerDeps, config.timezone)
      // A busy community gone quiet for hours in the daytime: the account may have stopped receiving.
      tasks.push(cron.schedule('*/10 * * * *', () => checkSilence().then(() => undefined).catch((error) => log.error({ err: error }, 'silence check failed')), { name: 'silenceCheck', noOverlap: true }))
      // Each December, before the library's data may run out: is next year's calendar known?
      tasks.push(cron.schedule('0 9 * 12 *', () => warnOfMissingCalendar().catch((error) => log.error({ err: error }, 'calendar check failed')), { name: 'calendarCheck', timezone: config.timezone, noOverlap: true }))
      // Failed runs and runs of a process that died are tried again inside their grace window.
      tasks.push(cron.schedule('* * * * *', () => retryRuns(jobsFor(config), schedulerDeps, config.timezone).then(() => undefined).catch((error) => log.error({ err: error }, 'retry of scheduled runs failed')), { name: 'retryRuns', noOverlap: true }))
      tasks.push(cron.schedule('* * * * *', () => sweep().catch((error) => log.error({ err: error }, 'case sweep failed')), { name: 'caseSweep', noOverlap: true }))
      await purge().catch((error) => log.error({ err: error }, 'retention purge failed'))
      tasks.push(cron.schedule('30 3 * * *', () => purge().catch((error) => log.error({ err: error }, 'retention purge failed')), { name: 'retentionPurge', timezone: config.timezone, noOverlap: true }))
      // Messages stored while the database then failed are handled once it is back.
      tasks.push(cron.schedule('* * * * *', () => handlePending(deps).then((n) => n && log.info({ handled: n }, 'handled messages left over after a database failure')).catch((error) => log.error({ err: error }, 'retry of unhandled messages failed')), { name: 'retryUnhandled', noOverlap: true }))
    } catch (error) {
      log.error({ err: error }, 'start-up after login failed')
    }
    markReady()
  })

  /** Another process took the lease (this one was frozen past its expiry): disconnect and wait for it again. */
  const standDown = async (): Promise<void> => {
    log.error({ me: lease.holder }, 'another process took over the WeChat connection; this one disconnects and stands by')
    standingDown = true
    active = false
    watchdog.stop()
    await Promise.all(tasks.map((t) => t.destroy()))
    tasks = []
    await sender.stop()
    await stopWechaty(wechaty).catch((error) => log.warn({ err: error }, 'wechaty stop failed'))
    standingDown = false
    void standBy()
  }
  const connect = async (tookOverFrom: string | null): Promise<void> => {
    lease.keep(() => void standDown())
    if (tookOverFrom) {
      log.warn({ previous: tookOverFrom, me: lease.holder }, 'took over the WeChat connection from a process that stopped answering')
      void alerts.raise('takeover', `提醒：红管家的另一个进程已超过 ${LEASE_TTL_MS / 1000} 秒没有响应，本进程已接管微信连接，消息照常处理。请检查那台机器或进程。`)
    }
    watchdog.resume()
    forgetGroups(db)
    forgetMembers(db)
    await wechaty.start()
    if (tookOverFrom) watchdog.expectLogin(TAKEOVER_LOGIN_MS)
  }
  const standBy = async (): Promise<void> => {
    const acquired = await lease.waitUntilHeld(() => stopping)
    if (acquired && !stopping) await connect(acquired.tookOverFrom).catch((error) => log.error({ err: error }, 'could not connect to WeChat after taking over'))
  }
  // The first process up connects at once; another one started beside it waits for the lease.
  const acquired = await lease.tryAcquire()
  if (acquired) await connect(acquired.tookOverFrom)
  else void standBy()

  return {
    wechaty, db, community, sender, ready, lease, sweep, purge, checkSilence, jobDeps: schedulerDeps,
    async stop() {
      stopping = true
      watchdog.stop()
      await Promise.all(tasks.map((t) => t.destroy()))
      await sender.stop()
      await stopWechaty(wechaty).catch((error) => log.warn({ err: error }, 'wechaty stop failed'))
      // Handed back, so a process standing by takes over at once rather than after the expiry.
      await lease.release().catch((error) => log.warn({ err: String(error).slice(0, 200) }, 'could not hand back the connection lease'))
      if (sendingDb !== db) await sendingDb.$disconnect()
      await db.$disconnect()
    },
  }
}
