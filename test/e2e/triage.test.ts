import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shippedClassifier } from '../support/classifier.js'
import { doubtedMessages } from '../support/doubted.js'
import { Harness } from '../support/harness.js'

describe('the triage queue, corrections and registering for a resident', () => {
  let h: Harness
  const [doubted, dismissed] = doubtedMessages()

  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  const caseOf = (text: string) => h.db.case.findFirstOrThrow({ where: { text } })

  it('keeps a message the model doubts as a suspected report: nothing said in the group, listed for staff', async () => {
    expect(doubted).toBeDefined()
    h.say('盛阿姨', '3栋业主群', doubted!)
    await h.settle()
    expect(h.botLines('3栋业主群')).toHaveLength(0)
    const row = await caseOf(doubted!)
    expect(row.state).toBe('suspected')
    const todo = await h.ask('网格员小李', null, '待办')
    expect(todo).toContain('待确认的疑似反映 1 件')
    expect(todo).toContain(`#${row.number} `)
    const summary = await h.ask('彭书记', null, '今日汇总')
    expect(summary).toContain('新增 0 件')
    expect(summary).toContain('待确认 1 件疑似反映')
  })

  it('确认 #N makes it a case and tells the reporter\'s group, saying when it was reported', async () => {
    const row = await caseOf(doubted!)
    const ack = await h.ask('网格员小李', null, `确认 #${row.number}`, '3栋业主群')
    expect(ack).toContain('@盛阿姨')
    expect(ack).toContain(`您 11月20日 10:00 反映的问题已登记 #${row.number}`)
    expect((await caseOf(doubted!)).state).toBe('reported')
    expect(await h.db.trainingExample.count({ where: { caseId: row.id, source: 'confirmed' } })).toBe(1)
    expect(await h.ask('彭书记', null, '今日汇总')).toContain('新增 1 件')
  })

  it('不是 #N dismisses a suspected report without a word to the group, and it counts nowhere', async () => {
    expect(dismissed).toBeDefined()
    h.say('刘叔叔', '3栋业主群', dismissed!)
    await h.settle()
    const before = h.botLines('3栋业主群').length
    const row = await caseOf(dismissed!)
    expect(await h.ask('网格员小李', null, `不是 #${row.number}`)).toContain(`#${row.number} 已排除`)
    await h.settle()
    expect(h.botLines('3栋业主群')).toHaveLength(before)
    expect((await caseOf(dismissed!)).state).toBe('dismissed')
    const example = await h.db.trainingExample.findFirstOrThrow({ where: { caseId: row.id } })
    expect(JSON.parse(example.label)).toEqual({ isRequest: false })
    expect(await h.ask('彭书记', null, '今日汇总')).toContain('新增 1 件')
  })

  it('改 #N corrects the category, urgency and place; routing, deadlines and the reporter\'s group follow', async () => {
    const ack = await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了，晚上上楼黑乎乎的，麻烦看一下')
    const number = Number(/#(\d+)/.exec(ack)![1])
    const before = await h.db.case.findFirstOrThrow({ where: { number } })
    expect(before).toMatchObject({ category: 'power', party: '物业', urgency: 'normal' })

    expect(await h.ask('网格员小李', null, `改 #${number} 类别 邻里纠纷`, '3栋业主群')).toContain(`更正：#${number} 的类别是「邻里纠纷」。`)
    const routed = await h.db.case.findFirstOrThrow({ where: { number } })
    expect(routed).toMatchObject({ category: 'dispute', party: '社区' })
    const event = await h.db.caseEvent.findFirstOrThrow({ where: { caseId: routed.id, action: 'corrected' } })
    expect(event).toMatchObject({ actorId: h.personId('网格员小李'), note: '类别：电力照明 → 邻里纠纷' })

    expect(await h.ask('网格员小李', null, `改 #${number} 紧急`, '3栋业主群')).toContain('紧急程度是「紧急」')
    const urgent = await h.db.case.findFirstOrThrow({ where: { number } })
    expect(urgent.respondBy.getTime() - urgent.createdAt.getTime()).toBe(30 * 60_000)

    const corrected = await h.ask('网格员小李', null, `改 #${number} 位置 3栋1单元302`, '3栋业主群')
    expect(corrected).toContain('的位置是 3栋1单元。')
    expect(corrected).not.toContain('302')
    expect(await h.db.case.findFirstOrThrow({ where: { number } })).toMatchObject({ building: '3', unit: '1', room: '302' })
    expect(await h.db.trainingExample.count({ where: { caseId: routed.id, source: 'corrected' } })).toBe(3)
    expect(await h.ask('网格员小李', null, `改 #${number} 颜色 红`)).toContain('改 #12 类别 电梯')
  })

  it('登记 @居民 registers a case on the resident\'s behalf, in the group', async () => {
    const before = h.botLines('3栋业主群').length
    h.wechat.deliver({ personId: h.personId('赵楼长'), roomId: h.roomId('3栋业主群'), text: '登记 @盛阿姨 单元门口的台阶缺了一块，老人容易绊倒', mentions: [h.personId('盛阿姨')] })
    const ack = await h.waitForLine('3栋业主群', before)
    expect(ack).toMatch(/^@盛阿姨 已登记 #\d+：公共设施｜3栋/)
    const row = await h.db.case.findFirstOrThrow({ where: { text: '单元门口的台阶缺了一块，老人容易绊倒' } })
    expect(row).toMatchObject({ reporterId: h.personId('盛阿姨'), reporterName: '盛阿姨', state: 'reported' })
    expect(await h.ask('刘叔叔', '3栋业主群', '登记 一下，楼下的垃圾桶满了好几天没人收')).not.toContain('工作人员身份')
  })

  it('reads "+1 …" and "我也是，…" as reports, and a complaint naming a neighbour as a complaint', async () => {
    expect(await h.ask('刘叔叔', '3栋业主群', '+1 我家也停电了，整栋楼都黑了')).toMatch(/已登记 #\d+：电力照明/)
    expect(await h.ask('盛阿姨', '3栋业主群', '我也是，家里也停水了')).toMatch(/已登记 #\d+：给排水/)
    // The complaint is kept as a case (acknowledged, or for staff to confirm when the model doubts it), never refused.
    const before = h.botLines('3栋业主群').length
    h.say('刘叔叔', '3栋业主群', '楼上是谁家在装修，天天电钻吵死了')
    await h.settle()
    expect(h.botLines('3栋业主群').slice(before).map((l) => l.text).join('\n')).not.toContain('隐私')
    expect(await h.db.case.findFirstOrThrow({ where: { text: '楼上是谁家在装修，天天电钻吵死了' } })).toMatchObject({ category: 'noise', state: expect.stringMatching(/^(reported|suspected)$/) })
    expect(await h.ask('刘叔叔', '3栋业主群', '1502住的是谁？电话多少？')).toContain('为保护居民隐私')
  })
})

describe('retraining with the station\'s own examples', () => {
  it('builds a model from the corpus and the staff\'s decisions, and a bot started after it uses that model', async () => {
    const h = await Harness.start()
    const dir = mkdtempSync(path.join(tmpdir(), 'hgj-model-'))
    try {
      const doubted = doubtedMessages().slice(0, 2)
      // Two residents, so neither message is read as the other's report told in pieces.
      h.say('盛阿姨', '3栋业主群', doubted[0]!)
      await h.settle()
      h.say('刘叔叔', '3栋业主群', doubted[1]!)
      await h.settle()
      const [first, second] = await h.db.case.findMany({ where: { state: 'suspected' }, orderBy: { number: 'asc' } })
      await h.ask('网格员小李', null, `确认 #${first!.number}`)
      await h.ask('网格员小李', null, `不是 #${second!.number}`)
      const output = execFileSync('npx', ['tsx', 'bot/cli/train.ts', '--with-station-data', '--out', dir], {
        encoding: 'utf8', env: { ...process.env, DATABASE_URL: h.databaseUrl },
      })
      expect(JSON.parse(output).stationExamples).toBe(2)
      expect(existsSync(path.join(dir, 'model.json'))).toBe(true)
      const version = (JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as { version: string }).version
      expect(version).not.toBe(shippedClassifier().version)
      await h.stop({ keepWeChat: true })

      const retrained = await Harness.start({ wechat: h.wechat, databaseUrl: h.databaseUrl, env: { MODEL_DIR: dir } })
      try {
        await retrained.ask('刘叔叔', '3栋业主群', '3栋的电梯又坏了，停在五楼不动，麻烦物业看一下')
        const latest = await retrained.db.case.findFirstOrThrow({ orderBy: { number: 'desc' } })
        expect(latest.parserVersion).toBe(version)
      } finally {
        await retrained.stop()
      }
    } catch (error) {
      await h.stop().catch(() => undefined)
      throw error
    }
  }, 120_000)
})
