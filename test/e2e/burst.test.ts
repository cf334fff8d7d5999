import { expect, it } from 'vitest'
import { Harness } from '../support/harness.js'

it('gives twenty residents reporting at once twenty cases with distinct numbers and one acknowledgement each', async () => {
  const h = await Harness.start()
  try {
    const names = ['盛阿姨', '刘叔叔', '陈小美', '周大爷', '吴老师']
    for (let i = 0; i < 20; i++) h.say(names[i % 5]!, '3栋业主群', `3栋${i + 1}01家里水管漏水了，麻烦看一下`)
    await h.settle()
    const cases = await h.db.case.findMany({ orderBy: { number: 'asc' } })
    expect(cases.map((c) => c.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(new Set(cases.map((c) => c.room)).size).toBe(20)
    expect(await h.db.inboundMessage.count({ where: { status: 'handled' } })).toBe(20)
    const acks = h.botLines('3栋业主群')
    expect(acks).toHaveLength(20)
    for (const c of cases) expect(acks.filter((l) => l.text.includes(`#${c.number}：`))).toHaveLength(1)
  } finally {
    await h.stop()
  }
})
