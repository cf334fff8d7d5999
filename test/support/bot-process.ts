import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedDemoCommunity } from '../../bot/sim/demo-community.js'
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

/** Starts `npm start` with `env` and waits until it answers a private 帮助. */
export async function startBotProcess(env: Record<string, string>, wechat?: LocalWeChat): Promise<BotProcess> {
  const chat = wechat ?? (await LocalWeChat.start())
  const demo = seedDemoCommunity(chat, testConfig())
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    env: { ...process.env, WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: chat.token, WECHATY_PUPPET_SERVICE_ENDPOINT: chat.endpoint, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const bot: BotProcess = { wechat: chat, process: child, output: '' }
  child.stdout!.on('data', (d) => (bot.output += d))
  child.stderr!.on('data', (d) => (bot.output += d))
  const answered = () => chat.transcript.some((l) => l.fromId === demo.botId && l.where === '彭书记')
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && !answered()) {
    chat.say('wxid_peng2018', '帮助', { to: demo.botId })
    await sleep(2000)
  }
  if (!answered()) throw new Error(`the bot did not come up:\n${bot.output.slice(-2000)}`)
  return bot
}

/** Stops the process group: SIGTERM as an operator would, or SIGKILL as a crash or power cut does. */
export async function stopBotProcess(bot: BotProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const exited = new Promise((r) => bot.process.once('exit', r))
  if (bot.process.pid) process.kill(-bot.process.pid, signal)
  await Promise.race([exited, sleep(10_000)])
}
