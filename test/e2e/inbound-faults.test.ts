import Database from 'better-sqlite3'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { postgresConnection } from '../../bot/config/database-url.js'
import { Harness, sleep, testConfig, until } from '../support/harness.js'


// Faults on the way in, injected at the local WeChat (which delivers with WeChat's own ids and
// time stamps) or at the database.
describe('inbound faults', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })

  it('stores, registers and acknowledges a message delivered twice, or twice at once, only once', async () => {
    h = await Harness.start()
    const message = { personId: h.personId('盛阿姨'), roomId: h.roomId('3栋业主群'), text: '3栋101水管漏水了' }
    const id = h.wechat.deliver(message)
    h.wechat.deliver({ ...message, id })
    h.wechat.deliver({ ...message, id })
    await h.settle()
    h.wechat.deliver({ ...message, id })
    await h.settle()
    expect(await h.db.inboundMessage.count()).toBe(1)
    expect(await h.db.case.count()).toBe(1)
    expect(h.botLines('3栋业主群').map((l) => l.text)).toEqual([expect.stringContaining('已登记 #1')])
  })

  // Two handlings really overlap on PostgreSQL (SQLite's one synchronous connection leaves almost no gap):
  // cases are held back with a table lock until every report has looked for a duplicate.
  it.runIf(process.env.TEST_DATABASE === 'postgres')('makes one case of the same fault reported by several neighbours at the same moment', async () => {
    h = await Harness.start()
    const { connectionString, schema } = postgresConnection(h.databaseUrl)
    const blocker = new pg.Client({ connectionString })
    await blocker.connect()
    await blocker.query('BEGIN')
    await blocker.query(`LOCK TABLE "${schema}"."Case" IN EXCLUSIVE MODE`)
    const roomId = h.roomId('3栋业主群')
    h.wechat.deliver({ personId: h.personId('盛阿姨'), roomId, text: '3栋2单元的电梯坏了，一直停在1楼不动' })
    h.wechat.deliver({ personId: h.personId('刘叔叔'), roomId, text: '3栋2单元电梯又不动了，按了没反应' })
    h.wechat.deliver({ personId: h.personId('吴老师'), roomId, text: '3栋2单元电梯坏了，谁叫一下物业' })
    await until(async () => (await h.db.inboundMessage.count()) === 3, 'three messages stored')
    await sleep(1500)
    await blocker.query('ROLLBACK')
    await blocker.end()
    await until(async () => (await h.db.inboundMessage.count({ where: { status: 'handled' } })) === 3, 'three messages handled')
    await h.settle()
    expect(await h.db.case.count()).toBe(1)
    expect(await h.db.caseReporter.count()).toBe(3)
    const said = h.botLines('3栋业主群').map((l) => l.text).join('\n')
    expect(said).toContain('已登记 #1')
    expect(said).toContain('已合并到 #1')
    expect(said).not.toContain('#2')
  })

  it('answers a picture @-mentioning the bot once with a hint, and other pictures not at all', async () => {
    h = await Harness.start()
    const roomId = h.roomId('3栋业主群')
    h.wechat.deliver({ personId: h.personId('刘叔叔'), roomId, image: true })
    const id = h.wechat.deliver({ personId: h.personId('盛阿姨'), roomId, image: true, mentions: [h.demo.botId] })
    h.wechat.deliver({ personId: h.personId('盛阿姨'), roomId, image: true, mentions: [h.demo.botId], id })
    await h.settle()
    expect(h.botLines('3栋业主群').map((l) => l.text)).toEqual([expect.stringMatching(/^@盛阿姨\s抱歉，我暂时只能看懂文字消息/)])
    expect(await h.db.inboundMessage.count({ where: { kind: 'image' } })).toBe(2)
  })

  it('stores and answers a picture whose file never arrives, once reading it has waited long enough', async () => {
    h = await Harness.start()
    const id = h.wechat.deliver({ personId: h.personId('盛阿姨'), roomId: h.roomId('3栋业主群'), image: 'unreadable', mentions: [h.demo.botId] })
    await until(async () => (await h.db.inboundMessage.count({ where: { wechatId: id, status: 'handled' } })) === 1, 'the unreadable picture to be stored and handled', 30_000)
    await h.settle()
    expect(h.botLines('3栋业主群').map((l) => l.text)).toEqual([expect.stringMatching(/^@盛阿姨\s抱歉，我暂时只能看懂文字消息/)])
    expect(await h.db.inboundMessage.findUniqueOrThrow({ where: { wechatId: id } })).toMatchObject({ kind: 'other', fileData: null })
  })

  it('never answers its own messages, other bots, or its own words repeated back', async () => {
    const otherBot = 'wxid_group_manager_bot'
    h = await Harness.start({ config: testConfig({ ignoreContacts: [otherBot] }) })
    h.wechat.person(otherBot, '群管家')
    const roomId = h.roomId('3栋业主群')
    const ack = await h.ask('盛阿姨', '3栋业主群', '3栋101水管漏水了')
    // The bot's own line, delivered back to it, as WeChat does.
    h.wechat.deliver({ personId: h.demo.botId, roomId, text: '3栋202楼道灯不亮了' })
    // A listed bot says something that looks like a report.
    h.wechat.deliver({ personId: otherBot, roomId, text: '3栋303家里停电了' })
    // Someone forwards the acknowledgement into the group.
    h.wechat.deliver({ personId: h.personId('刘叔叔'), roomId, text: ack.replace(/^@\S+\s/, '') })
    await h.settle()
    expect(await h.db.case.count()).toBe(1)
    // The account's lines in the group: the acknowledgement and the injected own line, nothing in reply.
    expect(h.botLines('3栋业主群').map((l) => l.text)).toEqual([ack, '3栋202楼道灯不亮了'])
    expect(await h.db.inboundMessage.count({ where: { talkerId: otherBot } })).toBe(0)
  })

  it('turns reports held up while it was offline into cases and says so in one note per group; old chit-chat gets nothing', async () => {
    h = await Harness.start()
    const halfHourAgo = Date.now() - 30 * 60_000
    const building3 = h.roomId('3栋业主群')
    const late = (name: string, roomId: string, text: string, minutes: number) =>
      h.wechat.deliver({ personId: h.personId(name), roomId, text, timestamp: halfHourAgo + minutes * 60_000 })
    late('盛阿姨', building3, '3栋101水管漏水了', 0)
    late('刘叔叔', building3, '今天天气真好啊', 1)
    late('刘叔叔', building3, '3栋2单元电梯又坏了，困了人！', 2)
    late('陈小美', h.roomId('12号楼邻里群'), '12号楼门口垃圾堆了三天没人清', 3)
    late('周大爷', h.roomId('12号楼邻里群'), '哈哈哈', 4)
    late('盛阿姨', building3, '3栋楼道灯不亮了', 5)
    await until(async () => (await h.db.case.count()) === 4, 'four cases')
    await h.settle(1000)
    const notes3 = h.botLines('3栋业主群').map((l) => l.text)
    expect(notes3, JSON.stringify(notes3)).toHaveLength(1)
    expect(notes3[0]).toContain('离线期间大家反映的 3 件事已登记')
    // Delivered together, they are handled concurrently: the numbers come from the database.
    const numbersIn = async (topic: string) => {
      const group = await h.db.chatGroup.findFirstOrThrow({ where: { roomId: h.roomId(topic) } })
      return (await h.db.case.findMany({ where: { groupId: group.id }, select: { number: true } })).map((c) => c.number)
    }
    const in3 = await numbersIn('3栋业主群')
    expect(in3).toHaveLength(3)
    for (const n of in3) expect(notes3[0]).toContain(`#${n}：`)
    expect(notes3[0]).toContain('紧急')
    expect(notes3[0]).toMatch(/@盛阿姨/)
    expect(notes3[0]).toMatch(/@刘叔叔/)
    const notes12 = h.botLines('12号楼邻里群').map((l) => l.text)
    expect(notes12).toEqual([expect.stringContaining('离线期间大家反映的 1 件事已登记')])
    const [in12] = await numbersIn('12号楼邻里群')
    expect(notes12[0]).toContain(`#${in12}：`)
    // The property staff group hears of the late repairs as new cases, not in the residents' note.
    const repairs = await h.db.case.findMany({ where: { party: '物业' } })
    expect(repairs.length).toBeGreaterThan(0)
    await until(async () => repairs.every((c) => h.botLines('物业工作群').some((l) => l.text.includes(`新工单 #${c.number}：`))), 'notices of the late repairs')
    expect(h.botLines('物业工作群').map((l) => l.text).join('\n')).not.toContain('离线期间')
    // A report made now is acknowledged as usual.
    expect(await h.ask('周大爷', '12号楼邻里群', '12号楼3单元楼道灯坏了')).toMatch(/^@周大爷\s已登记 #5/)
  }, 40_000)

  it('acknowledges nothing while the database is locked, and registers the report once when it is free again', async () => {
    h = await Harness.start()
    const release = await lockDatabase(h.databaseUrl)
    h.say('盛阿姨', '3栋业主群', '3栋101水管漏水了')
    await sleep(process.env.TEST_DATABASE === 'postgres' ? 3000 : 12_000)
    expect(h.botLines('3栋业主群')).toHaveLength(0)
    await release()
    await until(() => h.botLines('3栋业主群').length > 0, 'the acknowledgement', 40_000)
    await h.settle()
    expect(await h.db.case.count()).toBe(1)
    expect(await h.db.inboundMessage.count()).toBe(1)
    expect(h.botLines('3栋业主群').map((l) => l.text)).toEqual([expect.stringContaining('已登记 #1')])
  }, 90_000)

  it('handles reports again after a stop between writing their cases and marking them handled: still one case and one acknowledgement each', async () => {
    h = await Harness.start()
    // One in a building's group, one with no building (the station's group): they are found again by different ways.
    expect(await h.ask('盛阿姨', '3栋业主群', '3栋101水管漏水了')).toMatch(/^@盛阿姨\s已登记 #1/)
    expect(await h.ask('刘叔叔', '红管家服务驿站', '小区东门的路灯坏了，晚上很黑')).toMatch(/^@刘叔叔\s已登记 #2/)
    await h.settle()
    const sentBefore = h.botLines().length
    // As if the process had stopped right after the cases and their replies were written.
    await h.db.inboundMessage.updateMany({ data: { status: 'received', handledAt: null } })
    const { wechat, databaseUrl } = h
    await h.stop({ keepWeChat: true })
    h = await Harness.start({ wechat, databaseUrl })
    await until(async () => (await h.db.inboundMessage.count({ where: { status: 'received' } })) === 0, 'the stored reports handled again')
    await h.settle()
    expect(await h.db.inboundMessage.findMany({ select: { status: true } })).toEqual([{ status: 'handled' }, { status: 'handled' }])
    expect(await h.db.case.count()).toBe(2)
    expect(await h.db.caseReporter.count()).toBe(2)
    expect(await h.db.caseEvent.findMany({ select: { action: true } })).toEqual([{ action: 'reported' }, { action: 'reported' }])
    expect(h.botLines().length).toBe(sentBefore)
  }, 60_000)

  it('remembers across a restart that reports came in late: handled after it, they still get the one offline note', async () => {
    h = await Harness.start()
    const group = await h.db.chatGroup.findFirstOrThrow({ where: { roomId: h.roomId('3栋业主群') } })
    const { wechat, databaseUrl } = h
    await h.stop({ keepWeChat: true })
    // Stored while the bot was catching up after downtime, then the process stopped before handling them.
    const stored = { communityId: group.communityId, roomId: group.roomId, groupId: group.id, kind: 'text', status: 'received', late: true, receivedAt: new Date() }
    await h.db.inboundMessage.createMany({
      data: [
        { ...stored, wechatId: 'late-1', talkerId: h.personId('盛阿姨'), talkerName: '盛阿姨', text: '3栋101水管漏水了' },
        { ...stored, wechatId: 'late-2', talkerId: h.personId('刘叔叔'), talkerName: '刘叔叔', text: '3栋楼道灯不亮了' },
      ],
    })
    h = await Harness.start({ wechat, databaseUrl })
    await until(() => h.botLines('3栋业主群').length > 0, 'the note for the group', 30_000)
    await h.settle(1000)
    const lines = h.botLines('3栋业主群').map((l) => l.text)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('离线期间大家反映的 2 件事已登记')
  }, 60_000)
})

/**
 * Holds the database so the bot cannot write: an exclusive SQLite transaction (longer than the
 * bot's 10 s busy timeout, so its writes fail and are retried), or a PostgreSQL lock on the table
 * messages are stored in. Returns the release.
 */
async function lockDatabase(url: string): Promise<() => Promise<void>> {
  if (url.startsWith('file:')) {
    const raw = new Database(url.slice('file:'.length))
    raw.exec('BEGIN EXCLUSIVE')
    return async () => {
      raw.exec('ROLLBACK')
      raw.close()
    }
  }
  const { connectionString, schema } = postgresConnection(url)
  const client = new pg.Client({ connectionString })
  await client.connect()
  await client.query('BEGIN')
  await client.query(`LOCK TABLE "${schema}"."InboundMessage" IN ACCESS EXCLUSIVE MODE`)
  return async () => {
    await client.query('ROLLBACK')
    await client.end()
  }
}
