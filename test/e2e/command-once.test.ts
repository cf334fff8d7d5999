import { afterEach, describe, expect, it } from 'vitest'
import { doubtedMessages } from '../support/doubted.js'
import { Harness } from '../support/harness.js'

/** Two messages the shipped model doubts: each becomes a suspected report. */
const doubted = doubtedMessages().slice(0, 2)

/** The error a locked database raises: the router tries the whole message again. */
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })

// A command whose handling fails after it has done its work (a transient database error, as if
// just after its change had committed) is handled again: the change happens once, and the sender
// and the group hear exactly what they would have heard without the fault, once.
describe('a command is applied once, whatever fails', () => {
  let h: Harness
  let armed = 0
  afterEach(async () => {
    await h.stop()
  })
  const start = async () => {
    armed = 0
    h = await Harness.start({
      faultAfterHandling: () => {
        if (armed > 0) {
          armed--
          throw busy()
        }
      },
    })
  }
  /** The next command fails once after its handler has run. */
  const failOnce = () => {
    armed = 1
  }
  const eventsOf = async (number: number, action: string) =>
    h.db.caseEvent.count({ where: { action, caseRow: { number } } })

  it('受理, 进展, 完成 and 评价: each answered and posted once, never with a refusal', async () => {
    await start()
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮了，晚上下楼看不见')
    failOnce()
    expect(await h.ask('物业小王', null, '受理 #1')).toMatch(/已受理 #1/)
    failOnce()
    expect(await h.ask('物业小王', null, '进展 #1 师傅明天上午换灯')).toContain('#1')
    failOnce()
    const done = await h.ask('物业小王', null, '完成 #1 已换新灯泡')
    expect(done).not.toContain('不能改为')
    failOnce()
    expect(await h.ask('盛阿姨', '3栋业主群', '评价 #1 满意')).toContain('评价「满意」已收到')
    await h.settle()
    for (const action of ['accepted', 'progress', 'resolved', 'rated']) expect(await eventsOf(1, action), action).toBe(1)
    expect(await h.db.rating.count()).toBe(1)
    const group = h.botLines('3栋业主群').map((l) => l.text)
    expect(group.filter((t) => t.includes('#1 已受理'))).toHaveLength(1)
    expect(group.filter((t) => t.includes('#1 处理中'))).toHaveLength(1)
    expect(group.filter((t) => t.includes('#1 已办结') && t.includes('评价 #1 满意'))).toHaveLength(1)
    expect(group.join('\n')).not.toMatch(/已经评价过了|不能改为/)
  })

  it('我也是, 通知 and 删除我的信息: each done once, with the answer of the first time', async () => {
    await start()
    await h.ask('盛阿姨', '3栋业主群', '3栋门口的垃圾桶满了好几天没人清')
    failOnce()
    expect(await h.ask('刘叔叔', '3栋业主群', '我也是 #1')).toContain('其他 1 位居民')
    expect(await h.db.caseReporter.count()).toBe(2)
    failOnce()
    expect(await h.ask('彭书记', null, '通知 本周六上午9点停水检修，请提前储水')).toContain('通知已排队发往')
    await h.settle()
    for (const topic of ['3栋业主群', '12号楼邻里群']) {
      expect(h.botLines(topic).filter((l) => l.text.includes('停水检修')), topic).toHaveLength(1)
    }
    failOnce()
    expect(await h.ask('刘叔叔', null, '删除我的信息')).toContain('已删除您的个人信息')
    expect(await h.db.caseReporter.count({ where: { name: '刘叔叔' } })).toBe(0)
  })

  it('改: the correction made and answered once', async () => {
    await start()
    await h.ask('盛阿姨', '3栋业主群', '3栋楼道里的灯不亮了')
    failOnce()
    const corrected = await h.ask('彭书记', null, '改 #1 类别 公共设施')
    expect(corrected).toContain('#1')
    expect(corrected).not.toMatch(/没看懂|已经是/)
    expect(await h.db.caseEvent.count({ where: { action: 'corrected' } })).toBe(1)
    expect(h.botLines('3栋业主群').filter((l) => l.text.includes('更正'))).toHaveLength(1)
  })

  it('确认 and 不是: the reporter\'s group told once, the dismissal answered as the first time', async () => {
    await start()
    for (const text of doubted) {
      h.say('盛阿姨', '3栋业主群', text)
      await h.settle()
    }
    const [first, second] = await h.db.case.findMany({ where: { state: 'suspected' }, orderBy: { number: 'asc' } })
    failOnce()
    const confirmed = await h.ask('网格员小李', null, `确认 #${first!.number}`)
    expect(confirmed).toContain(`#${first!.number} 已确认登记`)
    failOnce()
    expect(await h.ask('网格员小李', null, `不是 #${second!.number}`)).toContain(`#${second!.number} 已排除`)
    await h.settle()
    expect(h.botLines('3栋业主群').filter((l) => l.text.includes(`已登记 #${first!.number}`))).toHaveLength(1)
    expect(await h.db.trainingExample.count()).toBe(2)
  })
})
