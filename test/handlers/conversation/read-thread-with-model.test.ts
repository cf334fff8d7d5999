import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadEnv } from '../../../bot/config/env.js'
import { createLlm } from '../../../bot/model/llm.js'
import { loadPrompts } from '../../../bot/model/prompts.js'
import { ConversationMemory } from '../../../handlers/conversation/conversation-memory.js'
import { readInConversation, type ConversationReading, type NewMessage } from '../../../handlers/conversation/read-in-conversation.js'
import { readThreadWithModel } from '../../../handlers/conversation/read-thread-with-model.js'
import { DailyLlmBudget } from '../../../handlers/parse/llm-budget.js'
import { shippedClassifier } from '../../support/classifier.js'
import { FakeOpenAI } from '../../support/fake-openai.js'

const MINUTE = 60_000
const START = Date.parse('2026-11-20T07:00:00+08:00')

// The real openai SDK against a local server speaking its protocol.
describe('reading a live thread with an OpenAI-compatible model', () => {
  let fake: FakeOpenAI
  let llm: NonNullable<Awaited<ReturnType<typeof createLlm>>>
  const prompts = loadPrompts()

  beforeAll(async () => {
    fake = await FakeOpenAI.start()
    llm = (await createLlm(loadEnv({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'qwen-plus', OPENAI_TIMEOUT_MS: '500' })))!
  })
  afterAll(async () => {
    await fake.stop()
  })
  beforeEach(() => {
    fake.seen.length = 0
    fake.mode = 'answer'
  })

  /** A lift reported by 王姐 (by default with her phone in her words), the property's reply, then `text` from 老李; the local reading and the model's. */
  async function thread(text: string, budget = new DailyLlmBudget(100, 100), first = '9号楼电梯又停了 按了半天没反应 有事打我13812345678'): Promise<{ local: ConversationReading; read: ConversationReading }> {
    const memory = new ConversationMemory()
    const lines: NewMessage[] = [
      { id: 'a', senderId: 'wang', senderName: '王姐', at: START, text: first, fromStaff: false },
      { id: 'b', senderId: 'xiao', senderName: '物业小张', at: START + MINUTE, text: '收到 王姐 维保马上到', fromStaff: true },
    ]
    for (const m of lines) memory.record('9号楼', m, readInConversation(memory.stateOf('9号楼', '9', m.at), m, shippedClassifier()))
    const message: NewMessage = { id: 'c', senderId: 'li', senderName: '老李', at: START + 3 * MINUTE, text, fromStaff: false }
    const state = memory.stateOf('9号楼', '9', message.at)
    const local = readInConversation(state, message, shippedClassifier())
    const read = await readThreadWithModel(state, message, local, { llm, budget, prompts, publicNumbers: [], residentId: 'li', now: new Date(message.at) })
    return { local, read }
  }

  it('gives the model the last messages and open cases masked, and takes its follow-up of an offered case', async () => {
    fake.content = '{"kind": "followup", "case": 1, "effect": "same"}'
    const { read } = await thread('二单元那边是不是也这样 我刚才下楼也没反应')
    expect(read).toMatchObject({ kind: 'followup', caseRef: 'a', effect: 'same' })
    expect(fake.seen).toHaveLength(1)
    const sent = fake.seen[0]!.user
    expect(sent).not.toContain('13812345678')
    expect(sent).not.toContain('王姐')
    expect(sent).not.toContain('老李')
    expect(JSON.parse(sent).recent.map((m: { who: string }) => m.who)).toEqual(['居民A', '工作人员'])
  })

  it('keeps the local reading when the model names a case it was not offered, or answers nonsense', async () => {
    fake.content = '{"kind": "followup", "case": 7, "effect": "info"}'
    const a = await thread('二单元那边是不是也这样 我刚才下楼也没反应')
    expect(a.read).toEqual(a.local)
    fake.mode = 'garbage'
    const b = await thread('二单元那边是不是也这样 我刚才下楼也没反应')
    expect(b.read).toEqual(b.local)
  })

  it('never lowers urgency and never silences a report', async () => {
    // Someone trapped: the reader's urgent follow-up stays urgent whatever the model says.
    fake.content = '{"kind": "nothing", "case": null, "effect": null}'
    const trapped = await thread('里面还关着个老太太 一直在拍门')
    expect(trapped.local).toMatchObject({ kind: 'followup', effect: 'urgent' })
    expect(trapped.read).toMatchObject({ kind: 'followup', effect: 'urgent' })
    fake.content = '{"kind": "followup", "case": 1, "effect": "info"}'
    expect((await thread('里面还关着个老太太 一直在拍门')).read).toMatchObject({ kind: 'followup', effect: 'urgent' })
    // A new report the model calls talk is kept for staff to confirm, not dropped.
    fake.content = '{"kind": "nothing", "case": null, "effect": null}'
    const other = await thread('3单元的电梯门关不严 一直开开合合的', undefined, '9号楼1单元电梯又停了 按了半天没反应')
    expect(other.local).toMatchObject({ kind: 'report', parsed: { isRequest: true } })
    expect(other.read).toMatchObject({ kind: 'report', parsed: { isRequest: false, suspected: true } })
  })

  it('asks nothing beyond the budget', async () => {
    fake.content = '{"kind": "followup", "case": 1, "effect": "same"}'
    const { read, local } = await thread('二单元那边是不是也这样 我刚才下楼也没反应', new DailyLlmBudget(0, 0))
    expect(read).toEqual(local)
    expect(fake.seen).toHaveLength(0)
  })
})
