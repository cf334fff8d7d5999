import { afterAll, expect, it } from 'vitest'
import { openDatabase } from '../../bot/db/client.js'
import { FakeOpenAI } from '../support/fake-openai.js'
import { startBotProcess, stopBotProcess, type BotProcess } from '../support/bot-process.js'
import { tempDatabaseUrl } from '../support/harness.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const databaseUrl = tempDatabaseUrl()
let fake: FakeOpenAI
let bot: BotProcess | undefined

afterAll(async () => {
  if (bot) await stopBotProcess(bot)
  await bot?.wechat.stop()
  await fake?.stop()
})

// A real `npm start` is killed (SIGKILL) after a resident's message was stored and while it is being
// handled — held there by a language model that does not answer. Started again, the bot handles
// the stored message: one case, one acknowledgement.
it('handles a message stored before a kill once after the restart', async () => {
  fake = await FakeOpenAI.start()
  fake.mode = 'hang'
  const env = { DATABASE_URL: databaseUrl, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'qwen-plus', OPENAI_TIMEOUT_MS: '120000' }
  bot = await startBotProcess(env)
  const wechat = bot.wechat
  // The demo's first group, 3栋业主群.
  const roomId = 'demo_group_1@chatroom'
  expect(wechat.mocker.RoomMock.load(roomId).payload.topic).toBe('3栋业主群')
  wechat.say('wxid_sheng_ayi', '小区门口那个石墩子歪了', { roomId })
  const db = (await openDatabase(databaseUrl)).prisma
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline && fake.seen.length === 0) await sleep(100)
  expect(fake.seen, 'the model was asked, so handling had begun').toHaveLength(1)
  expect(await db.inboundMessage.findMany({ where: { talkerId: 'wxid_sheng_ayi' }, select: { status: true } })).toEqual([{ status: 'received' }])
  await stopBotProcess(bot, 'SIGKILL')
  expect(await db.case.count()).toBe(0)

  fake.mode = 'answer'
  fake.content = '{"isRequest": true, "category": "facility", "building": null, "unit": null, "room": null, "urgency": "normal"}'
  bot = await startBotProcess(env, wechat)
  const acks = () => wechat.transcript.filter((l) => l.fromId === 'wxid_hongguanjia_bot' && l.roomId === roomId)
  const until = Date.now() + 30_000
  while (Date.now() < until && acks().length === 0) await sleep(100)
  await sleep(2000)
  expect(acks().map((l) => l.text)).toEqual([expect.stringMatching(/^@盛阿姨\s已登记 #1：公共设施/)])
  expect(await db.case.count()).toBe(1)
  expect(await db.inboundMessage.findMany({ where: { talkerId: 'wxid_sheng_ayi' }, select: { status: true } })).toEqual([{ status: 'handled' }])
  await db.$disconnect()
}, 180_000)
