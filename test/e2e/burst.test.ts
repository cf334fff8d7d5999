import { expect, it } from 'vitest'
import { Harness, testConfig } from '../support/harness.js'

it('gives twenty residents reporting at once twenty cases and one acknowledgement listing them, each resident @-mentioned', async () => {
  const config = testConfig()
  const h = await Harness.start({ config: { ...config, sending: { ...config.sending, perGroupGapSeconds: 5 } } })
  try {
    const names = ['盛阿姨', '刘叔叔', '陈小美', '周大爷', '吴老师']
    for (let i = 0; i < 20; i++) h.say(names[i % 5]!, '3栋业主群', `3栋${i + 1}01家里水管漏水了，麻烦看一下`)
    await h.settle()
    const cases = await h.db.case.findMany({ orderBy: { number: 'asc' } })
    expect(cases.map((c) => c.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(new Set(cases.map((c) => c.room)).size).toBe(20)
    expect(await h.db.inboundMessage.count({ where: { status: 'handled' } })).toBe(20)
    const acks = h.botLines('3栋业主群').map((l) => l.text)
    // The first one may go at once; what waited for the group's gap goes as one message.
    expect(acks.length).toBeLessThanOrEqual(3)
    expect(acks.at(-1)).toMatch(/^(@\S+\s)+收到 \d+ 条反映，均已登记：/)
    for (const c of cases) expect(acks.filter((a) => a.includes(`#${c.number}：`))).toHaveLength(1)
    for (const name of names) expect(acks.some((a) => a.includes(`@${name}`))).toBe(true)
    // The property staff group hears of the twenty new cases in a few messages too, each case once.
    const notices = h.botLines('物业工作群').map((l) => l.text)
    expect(notices.length).toBeLessThanOrEqual(4)
    for (const c of cases) expect(notices.filter((n) => n.includes(`新工单 #${c.number}：`))).toHaveLength(1)
  } finally {
    await h.stop()
  }
})

it('tells the grid worker of disputes reported at once in a few private messages, each case once, and acknowledges each resident', async () => {
  const h = await Harness.start()
  try {
    // No staff group for the community party: its notices go to the grid worker privately.
    for (let i = 0; i < 12; i++) h.say(i % 2 ? '刘叔叔' : '盛阿姨', '3栋业主群', `3栋${i + 1}01和楼下因为漏水赔偿的事谈不拢，想请社区调解一下`)
    await h.settle()
    const cases = await h.db.case.findMany({ orderBy: { number: 'asc' } })
    expect(cases).toHaveLength(12)
    expect(new Set(cases.map((c) => c.party))).toEqual(new Set(['社区']))
    const notices = h.botLines('网格员小李').map((l) => l.text)
    expect(notices.length).toBeLessThan(12)
    expect(notices.some((n) => /^\d+ 件工单待处理：/.test(n))).toBe(true)
    for (const c of cases) expect(notices.filter((n) => n.includes(`新工单 #${c.number}：邻里纠纷`))).toHaveLength(1)
    const acks = h.botLines('3栋业主群').map((l) => l.text)
    for (const c of cases) expect(acks.filter((a) => a.includes(`#${c.number}：`))).toHaveLength(1)
  } finally {
    await h.stop()
  }
})
