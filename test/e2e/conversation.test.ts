import { afterEach, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'

const MINUTE = 60_000

// A group read as a conversation, through the real Wechaty stack and database: follow-ups join the
// case they are about, and the group hears only what it needs to.
describe('reading a group as a conversation', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })

  /** Says each line a minute (or `gap`) apart on the bot's clock and waits until the bot has read it. */
  async function lines(said: Array<[string, string | null, string, number?]>): Promise<void> {
    for (const [name, group, text, gap] of said) {
      h.clock.advance(gap ?? MINUTE)
      const before = await h.db.inboundMessage.count({ where: { status: 'handled' } })
      h.say(name, group, text)
      await until(async () => (await h.db.inboundMessage.count({ where: { status: 'handled' } })) > before, `「${text}」 read`)
    }
  }
  /** Sends what is queued, the clock following each wait the sender asks for. */
  async function send(): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const wait = await h.app.sender.step()
      if (wait > 0) h.clock.advance(wait)
      if ((await h.db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0) return
    }
  }
  const texts = (where: string, from = 0) => h.botLines(where).slice(from).map((l) => l.text)
  const quote = (name: string, words: string, reply: string) => `「${name}：${words}」\n- - - - - - - - - - - - - - -\n${reply}`

  it('a morning in a building group: two cases, co-reporters, one urgent upgrade, the handler told it works again, and little said', async () => {
    h = await Harness.start({ manualSending: true })
    const group = '12号楼邻里群'
    const lift = '12号楼电梯又停了，按了半天没反应，孩子要迟到了'
    await lines([['陈小美', group, lift]])
    await send()
    await lines([
      ['周大爷', group, '我家也是 早上下不去'],
      ['吴老师', group, quote('陈小美', lift, '我也是')],
    ])
    await send()
    await lines([
      ['物业小王', group, '收到 维保马上到'],
      ['盛阿姨', group, '楼下垃圾桶满了好几天没人收了，臭得很'],
    ])
    await send()
    await lines([['陈小美', group, '里面还关着个老太太 一直在拍门']])
    await send()
    await lines([['刘叔叔', group, '今天天气真好啊'], ['陈小美', group, '好了 能用了', 120 * MINUTE]])
    await send()

    const cases = await h.db.case.findMany({ orderBy: { number: 'asc' }, include: { reporters: { orderBy: { id: 'asc' } } } })
    expect(cases.map((c) => [c.number, c.category])).toEqual([[1, 'elevator'], [2, 'sanitation']])
    const [liftCase] = cases
    expect(liftCase!.reporters.map((r) => r.name)).toEqual(['陈小美', '周大爷', '吴老师'])
    expect(liftCase!.urgency).toBe('urgent')
    // The case is urgent from the moment the resident said someone was trapped: its deadlines are an urgent case's.
    expect(liftCase!.respondBy.getTime() - liftCase!.createdAt.getTime()).toBe(30 * MINUTE)
    const events = await h.db.caseEvent.findMany({ where: { caseId: liftCase!.id }, orderBy: { id: 'asc' } })
    expect(events.filter((e) => e.action === 'made-urgent')).toHaveLength(1)
    expect(events.filter((e) => e.action === 'followup').map((e) => e.note)).toEqual(['我家也是 早上下不去', '我也是', '里面还关着个老太太 一直在拍门', '好了 能用了'])
    // Never closed by the bot.
    expect(liftCase!.state).toBe('reported')

    // In the group: the two receipts, one line for both neighbours, one urgent notice. Nothing for the staff's reply, the weather or "works again".
    const said = texts(group)
    expect(said).toHaveLength(4)
    expect(said[0]).toMatch(/^@陈小美\s已登记 #1：电梯｜12栋/)
    expect(said[1]).toMatch(/^@周大爷\s@吴老师\s/)
    expect(said[1]).toContain('已记下，这 2 位居民也反映了 #1 的问题，已一并登记，有进展会通知大家。')
    expect(said[2]).toMatch(/^@盛阿姨\s已登记 #2：环境卫生/)
    expect(said[3]).toBe('#1 已改为紧急，已通知负责人员马上处理。有人受伤或被困，请同时拨打 120 或 119。')
    // The staff group: the two new cases, and the urgent upgrade once, with what the resident added.
    const staff = texts('物业工作群')
    expect(staff.filter((t) => t.includes('居民补充了险情'))).toHaveLength(1)
    expect(staff.find((t) => t.includes('居民补充了险情'))).toContain('居民补充：里面还关着个老太太 一直在拍门')
    // The handler, privately and once: a resident says it works again.
    expect(texts('物业小王')).toEqual(['居民说 #1 已经好了：「好了 能用了」\n请确认后办结：回复「办结 #1」。'])

    // Staff read the follow-ups in the case's history; a neighbour asking in the group sees the steps, not the words.
    await lines([['物业小王', null, '查询 #1 详情']])
    await send()
    expect(texts('物业小王').at(-1)).toContain('周大爷 补充：我家也是 早上下不去')
  }, 120_000)

  it('has a follow-up\'s effect once when it is handled again after a restart', async () => {
    h = await Harness.start({ manualSending: true })
    const group = '12号楼邻里群'
    await lines([['陈小美', group, '12号楼电梯又停了，按了半天没反应'], ['周大爷', group, '我家也是'], ['陈小美', group, '里面还关着个老太太 一直在拍门']])
    await send()
    const before = { lines: h.botLines().length, events: await h.db.caseEvent.count(), reporters: await h.db.caseReporter.count() }
    // As if the process had stopped right after the follow-ups were applied and their replies written.
    await h.db.inboundMessage.updateMany({ data: { status: 'received', handledAt: null } })
    const { wechat, databaseUrl } = h
    await h.stop({ keepWeChat: true })
    h = await Harness.start({ wechat, databaseUrl, manualSending: true })
    await until(async () => (await h.db.inboundMessage.count({ where: { status: 'received' } })) === 0, 'the stored messages handled again')
    await send()
    expect(await h.db.case.count()).toBe(1)
    expect(await h.db.caseEvent.count()).toBe(before.events)
    expect(await h.db.caseReporter.count()).toBe(before.reporters)
    expect(h.botLines().slice(before.lines)).toEqual([])
  }, 120_000)

  it('keeps a report sent in pieces as one case with the whole text, answered once', async () => {
    h = await Harness.start({ manualSending: true })
    const group = '3栋业主群'
    await lines([['盛阿姨', group, '跟大家说个事'], ['盛阿姨', group, '我们单元门口那盏路灯不亮了'], ['盛阿姨', group, '晚上黑咕隆咚的']])
    await send()
    const cases = await h.db.case.findMany()
    expect(cases.map((c) => [c.category, c.text])).toEqual([['power', '跟大家说个事 我们单元门口那盏路灯不亮了 晚上黑咕隆咚的']])
    expect(texts(group)).toHaveLength(1)
  }, 60_000)

  it('gives a neighbour from another building the polite refusal, not a merge', async () => {
    h = await Harness.start({ manualSending: true })
    await lines([['陈小美', '12号楼邻里群', '12号楼楼道灯坏了，晚上黑乎乎的']])
    await lines([['盛阿姨', '红管家服务驿站', '3栋暖气不热，屋里才十五度'], ['陈小美', '红管家服务驿站', '我家也是']])
    await send()
    const heating = await h.db.case.findFirstOrThrow({ where: { category: 'gas_heating' }, include: { reporters: true } })
    expect(heating.reporters.map((r) => r.name)).toEqual(['盛阿姨'])
    expect(texts('红管家服务驿站').at(-1)).toBe('@陈小美 #2 是3栋的工单，只能由本楼居民一起反映。您那边如果也有同样的问题，请在自己楼的群里说一下，我们会另外登记。')
  }, 60_000)
})

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}
