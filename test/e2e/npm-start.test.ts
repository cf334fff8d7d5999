import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalWeChat } from '../../bot/sim/local-wechat.js'
import { tempDatabaseUrl } from '../support/harness.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// A black-box run: WeChat is played over wechaty-puppet-service, the bot is started with `npm start`,
// the standard Wechaty variables, DATABASE_URL and the community file exactly as the chat contract
// shows it — including its send limits, so the pacing is real too.
describe('npm start against a puppet service', () => {
  let wechat: LocalWeChat
  let bot: ChildProcess
  let output = ''
  const ids = { bot: 'wxid_bot_blackbox', resident: 'wxid_resident_li', property: 'wxid_wang_wuye', secretary: 'wxid_peng2018' }
  const rooms = { building: 'bb_building@chatroom', station: 'bb_station@chatroom' }

  const lines = (where: string) => wechat.transcript.filter((l) => l.fromId === ids.bot && l.where === where)
  async function next(where: string, count: number, timeoutMs = 40_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const got = lines(where)
      if (got.length > count) return got[count]!.text
      await sleep(50)
    }
    throw new Error(`nothing new in ${where}; bot output:\n${output.slice(-2000)}`)
  }

  beforeAll(async () => {
    wechat = await LocalWeChat.start()
    const me = wechat.person(ids.bot, '红管家')
    wechat.person(ids.resident, '李奶奶')
    wechat.person(ids.property, '物业小王')
    wechat.person(ids.secretary, '彭书记')
    const everyone = Object.values(ids)
    wechat.group(rooms.building, '3栋业主群', everyone)
    wechat.group(rooms.station, '红管家服务驿站', everyone)
    wechat.login(me)
    bot = spawn('npm', ['start'], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        WECHATY_PUPPET: 'wechaty-puppet-service',
        WECHATY_PUPPET_SERVICE_TOKEN: wechat.token,
        WECHATY_PUPPET_SERVICE_ENDPOINT: wechat.endpoint,
        DATABASE_URL: tempDatabaseUrl(),
        COMMUNITY_CONFIG: path.join(root, 'test/fixtures/chat-md-community.yaml'),
        LOG_LEVEL: 'warn',
        DASHBOARD_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    bot.stdout!.on('data', (d) => (output += d))
    bot.stderr!.on('data', (d) => (output += d))
    // The bot is up once it answers: keep asking in a private chat until it does.
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline && lines('彭书记').length === 0) {
      wechat.say(ids.secretary, '帮助', { to: ids.bot })
      await sleep(3000)
    }
    expect(lines('彭书记').length).toBeGreaterThan(0)
  }, 90_000)

  afterAll(async () => {
    if (bot.pid) process.kill(-bot.pid, 'SIGTERM')
    await sleep(500)
    await wechat.stop()
  })

  it('plays the story with the exact words of the chat contract, within the send limits', async () => {
    wechat.say(ids.resident, '3栋2单元楼道灯不亮好几天了，麻烦物业看一下', { roomId: rooms.building })
    const ack = await next('3栋业主群', 0)
    expect(ack).toMatch(/@李奶奶 已登记 #1：电力照明｜3栋2单元/)

    wechat.say(ids.resident, '大家晚上好', { roomId: rooms.building })
    wechat.say(ids.resident, '查询 #1', { roomId: rooms.building })
    expect(await next('3栋业主群', 1)).toContain('待受理')

    wechat.say(ids.property, '受理 #1', { roomId: rooms.station })
    expect(await next('3栋业主群', 2)).toMatch(/@李奶奶 #1 已受理/)

    wechat.say(ids.secretary, '今日汇总', { to: ids.bot })
    const summary = await next('彭书记', lines('彭书记').length)
    expect(summary).toMatch(/新增 1 件｜办结 0 件｜待办 1 件｜逾期 0 件/)

    const building = lines('3栋业主群')
    expect(building).toHaveLength(3)
    for (let i = 1; i < building.length; i++) expect(building[i]!.at - building[i - 1]!.at).toBeGreaterThanOrEqual(9_900)
    const all = wechat.transcript.filter((l) => l.fromId === ids.bot).sort((a, b) => a.at - b.at)
    for (let i = 1; i < all.length; i++) expect(all[i]!.at - all[i - 1]!.at).toBeGreaterThanOrEqual(3_900)
  }, 120_000)
})
