import { startApp, type App } from './app.js'
import { ConfigError, loadCommunityConfig } from './config/community-config.js'
import { hasPuppetService, loadEnv, type Env } from './config/env.js'
import { loadStreetConfig } from './config/street-config.js'
import { startStreet, streetHeapMb } from './street/street-app.js'
import { getHeapStatistics } from 'node:v8'
import type { LocalWeChat } from './sim/local-wechat.js'

// Wechaty's own start-up prints a deprecation notice that means nothing to a station's operator.
Object.assign(process, { noDeprecation: true })

async function main(): Promise<void> {
  const env = loadEnv()
  if (env.STREET_CONFIG) return runStreet(env)
  const config = loadCommunityConfig(env.COMMUNITY_CONFIG)
  const usesRealAccount = hasPuppetService(env) || (env.WECHATY_PUPPET !== undefined && env.WECHATY_PUPPET !== 'wechaty-puppet-service')

  let app: App
  let wechat: LocalWeChat | undefined
  const standingBy = (a: App) => {
    if (a.listening()) console.log('本进程是备用微信号：在群里只听不说；主微信号退出登录、被移出群或收不到消息时自动接手。')
    else if (!a.lease.held) console.log('另一个红管家进程正用同一个数据库连着微信，本进程待命；它停止或失去响应后自动接管。')
    if (a.dashboard) console.log(`看板在 ${a.dashboard.url}：工作人员私聊红管家发「看板」，用收到的链接登录。`)
  }
  if (usesRealAccount) {
    app = await startApp({ env, config })
    standingBy(app)
  } else {
    // The local WeChat (its own puppet server) is loaded only when it runs: a real account's bot stays lighter.
    const [{ LocalWeChat }, { seedDemoCommunity }, { startRepl }] = await Promise.all([
      import('./sim/local-wechat.js'), import('./sim/demo-community.js'), import('./sim/repl.js'),
    ])
    wechat = await LocalWeChat.start(env.SIM_PORT)
    const demo = seedDemoCommunity(wechat, config)
    const simEnv: Env = {
      ...env,
      WECHATY_PUPPET: 'wechaty-puppet-service',
      WECHATY_PUPPET_SERVICE_TOKEN: wechat.token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: wechat.endpoint,
      LOG_FILE: env.LOG_FILE ?? 'data/bot.log',
    }
    console.log(`红管家已在本地模拟微信上启动（${config.community}，${wechat.endpoint}），日志写在 ${simEnv.LOG_FILE}。`)
    app = await startApp({ env: simEnv, config })
    standingBy(app)
    await app.ready
    startRepl(wechat, demo).then(() => shutdown(0))
  }

  let stopping = false
  async function shutdown(code: number): Promise<void> {
    if (stopping) return
    stopping = true
    await app.stop().catch(() => undefined)
    await wechat?.stop().catch(() => undefined)
    process.exit(code)
  }
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
}

/** STREET_CONFIG: every community of the street in this process, each on its own account (up to STREET_MAX_COMMUNITIES). */
async function runStreet(env: Env): Promise<void> {
  const config = loadStreetConfig(env.STREET_CONFIG!)
  const wanted = streetHeapMb(Math.min(config.communities.length, env.STREET_MAX_COMMUNITIES))
  const limit = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)
  if (limit < wanted) console.warn(`提醒：本进程的堆上限是 ${limit} MB，跑 ${config.communities.length} 个社区建议至少 ${wanted} MB：请用 BOT_HEAP_MB=${wanted} npm start 启动，不然垃圾回收太频繁，回复会变慢。`)
  const street = await startStreet({ env, street: config })
  console.log(`红管家已为${config.street.name}启动 ${street.apps.length} 个社区；本进程最多连接 ${street.slots.limit} 个社区的微信号，其余由其他进程连接或待命。`)
  if (street.shared.dashboard) console.log(`看板在 ${street.shared.dashboard.url}，街道看板在 ${street.shared.dashboard.url}/street。`)
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    await street.stop().catch(() => undefined)
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message)
  else console.error('红管家启动失败：', error)
  process.exit(1)
})
