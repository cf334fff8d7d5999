import { afterAll, beforeAll, expect, it } from 'vitest'
import { shippedClassifier } from '../support/classifier.js'
import { FakeOpenAI } from '../support/fake-openai.js'
import { Harness } from '../support/harness.js'

let fake: FakeOpenAI
let h: Harness

beforeAll(async () => {
  fake = await FakeOpenAI.start()
  h = await Harness.start({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'qwen-plus', OPENAI_TIMEOUT_MS: '2000' } })
})
afterAll(async () => {
  await h.stop()
  await fake.stop()
})

it('registers a message when the configured model says it is a request, and records the model and prompt versions', async () => {
  fake.content = '{"isRequest": true, "category": "facility", "building": "3", "unit": null, "room": null, "urgency": "normal"}'
  const ack = await h.ask('盛阿姨', '3栋业主群', '小区门口那个石墩子歪了')
  expect(ack).toContain('#1：公共设施｜3栋')
  const caseRow = await h.db.case.findFirstOrThrow({ where: { number: 1 } })
  expect(caseRow.parserVersion).toBe(`${shippedClassifier().version}+parse-message@1`)
  expect(fake.seen).toHaveLength(1)
})

it('keeps to the trained classifier, and stays quiet on chit-chat, when the model fails', async () => {
  fake.mode = 'status500'
  const ack = await h.ask('刘叔叔', '3栋业主群', '3栋2单元楼道灯不亮了，麻烦看一下')
  expect(ack).toContain('#2：电力照明')
  h.say('刘叔叔', '3栋业主群', '今天太阳真好，下午一起去公园走走吧')
  await h.settle()
  expect(await h.db.case.count()).toBe(2)
  expect((await h.db.case.findFirstOrThrow({ where: { number: 2 } })).parserVersion).toBe(shippedClassifier().version)
})

it('puts the model\'s short paragraph on top of 今日汇总, and drops one that invents a number', async () => {
  fake.mode = 'answer'
  fake.content = '{"paragraph": "今天新增2件，电力照明和公共设施各1件，还没有逾期，请物业抓紧受理。"}'
  const summary = await h.ask('彭书记', null, '今日汇总')
  const lines = summary.split('\n')
  expect(lines[1]).toBe('今天新增2件，电力照明和公共设施各1件，还没有逾期，请物业抓紧受理。')
  expect(lines[2]).toMatch(/^新增 2 件/)
  const sent = fake.seen.at(-1)!.user
  expect(sent).toContain('"新增":2')
  expect(sent).not.toMatch(/盛阿姨|刘叔叔|石墩子/)

  fake.content = '{"paragraph": "今天新增9件，情况严重。"}'
  const plain = await h.ask('彭书记', null, '今日汇总')
  expect(plain.split('\n')[1]).toMatch(/^新增 2 件/)
  expect(plain).not.toContain('情况严重')
})
