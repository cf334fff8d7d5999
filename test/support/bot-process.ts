import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BOT_ID, seedDemoCommunity } from '../../bot/sim/demo-community.js'
import { LocalWeChat } from '../../bot/sim/local-wechat.js'
import { testConfig } from './harness.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A real `npm start` connected over puppet-service to its local WeChat with the demo community. */
export interface BotProcess {
  wechat: LocalWeChat
  process: ChildProcess
  output: string
}

/** What main prints when another process holds the connection lease. */
export const STANDBY_NOTICE = '本进程待命'

/**
 * Starts `npm start` with `env` and waits until it answers a private 帮助 — or, with `standby`,
 * until it says it stands by because another process already holds `wechat`'s connection.
 */
export async function startBotProcess(env: Record<string, string>, wechat?: LocalWeChat, options: { standby?: boolean } = {}): Promise<BotProcess> {
  const chat = wechat ?? (await LocalWeChat.start())
  if (!options.standby) seedDemoCommunity(chat, testConfig())
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: chat.token, WECHATY_PUPPET_SERVICE_ENDPOINT: chat.endpoint, LOG_LEVEL: 'warn', DASHBOARD_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const bot: BotProcess = { wechat: chat, process: child, output: '' }
  child.stdout!.on('data', (d) => (bot.output += d))
  child.stderr!.on('data', (d) => (bot.output += d))
  if (options.standby) {
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline && !bot.output.includes(STANDBY_NOTICE)) await sleep(200)
    if (!bot.output.includes(STANDBY_NOTICE)) throw new Error(`the bot did not stand by:\n${bot.output.slice(-2000)}`)
    return bot
  }
  await waitUntilAnswering(chat, bot, 60_000)
  return bot
}

/** Sends a private 帮助 every two seconds until the bot answers it; returns how long that took. */
export async function waitUntilAnswering(chat: LocalWeChat, bot: BotProcess | BotProcess[], timeoutMs: number): Promise<number> {
  const started = Date.now()
  const before = chat.transcript.length
  const answered = () => chat.transcript.slice(before).some((l) => l.fromId === BOT_ID && l.where === '彭书记')
  while (Date.now() - started < timeoutMs && !answered()) {
    chat.say('wxid_peng2018', '帮助', { to: BOT_ID })
    await sleep(2000)
  }
  if (!answered()) throw new Error(`the bot did not answer:\n${[bot].flat().map((b) => b.output.slice(-2000)).join('\n---\n')}`)
  return Date.now() - started
}

/** Stops the process group: SIGTERM as an operator would, or SIGKILL as a crash or power cut does. */
export async function stopBotProcess(bot: BotProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (bot.process.exitCode !== null || bot.process.signalCode !== null) return
  const exited = new Promise((r) => bot.process.once('exit', r))
  if (bot.process.pid) process.kill(-bot.process.pid, signal)
  await Promise.race([exited, sleep(10_000)])
}
