import { afterEach, describe, expect, it } from 'vitest'
import type { SendingConfig } from '../../handlers/community/config-schema.js'
import { EXAMPLE_CONFIG_PATH, loadCommunityConfig } from '../../bot/config/community-config.js'
import { enqueueReplies } from '../../bot/outbox/enqueue.js'
import type { Reply } from '../../handlers/context.js'
import { Harness, testConfig } from '../support/harness.js'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The most sends inside any window of `span` ms. */
function busiest(times: number[], span: number): number {
  let most = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= span) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

// The outbox on a fake clock: the sender is stepped by the test, the clock jumps by each wait it asks
// for, and every message goes through the real Wechaty stack to the local WeChat. The send times on
// the fake clock (outbox sentAt) must keep every limit of the default configuration.
describe('send pacing on a fake clock', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })

  async function start(sending: Partial<SendingConfig> = {}): Promise<void> {
    const defaults = loadCommunityConfig(EXAMPLE_CONFIG_PATH).sending
    h = await Harness.start({ config: testConfig({ sending: { ...defaults, ...sending } }), manualSending: true })
  }
  async function drain(maxSteps = 5000): Promise<void> {
    for (let i = 0; i < maxSteps; i++) {
      const wait = await h.app.sender.step()
      if (wait > 0) h.clock.advance(wait)
      if (i % 20 === 0 && (await h.db.outboxMessage.count({ where: { status: 'pending' } })) === 0) return
    }
  }
  const toGroup = (topic: string, n: number): Reply => ({ conversationId: h.roomId(topic), isRoom: true, text: `${topic} 第 ${n} 条`, key: `pace:${topic}:${n}` })
  const toPerson = (name: string, n: number): Reply => ({ conversationId: h.personId(name), isRoom: false, text: `${name} 第 ${n} 条`, key: `pace:${name}:${n}` })

  it('keeps the gap with jitter, the per-group gap and hourly cap, and the per-minute and per-hour caps', async () => {
    await start()
    const topics = ['3栋业主群', '12号楼邻里群', '红管家服务驿站']
    const replies = [...topics.flatMap((t) => Array.from({ length: 30 }, (_, i) => toGroup(t, i + 1))), ...Array.from({ length: 20 }, (_, i) => toPerson('彭书记', i + 1))]
    await enqueueReplies(h.app.database.sql, h.app.community.id, replies, h.clock.now())
    await drain()
    const rows = await h.db.outboxMessage.findMany({ where: { status: 'sent' }, orderBy: { sentAt: 'asc' } })
    expect(rows.filter((r) => r.dedupeKey.startsWith('pace:'))).toHaveLength(110)
    // The posts kept more than 10 minutes by the group's cap: the operator is told once, and that note keeps the limits too.
    expect(rows.filter((r) => r.text.includes('已经等了'))).toHaveLength(1)
    expect(rows).toHaveLength(111)
    // One send per distinct time: the replies a capped group waited for went together, as one message.
    const distinct = (ts: number[]) => [...new Set(ts)].sort((a, b) => a - b)
    const times = distinct(rows.map((r) => r.sentAt!.getTime()))
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(4 * SECOND)
    expect(busiest(times, MINUTE)).toBeLessThanOrEqual(10)
    expect(busiest(times, HOUR)).toBeLessThanOrEqual(120)
    for (const topic of topics) {
      const group = distinct(rows.filter((r) => r.conversationId === h.roomId(topic)).map((r) => r.sentAt!.getTime()))
      for (let i = 1; i < group.length; i++) expect(group[i]! - group[i - 1]!).toBeGreaterThanOrEqual(10 * SECOND)
      expect(busiest(group, HOUR)).toBeLessThanOrEqual(20)
    }
    // 30 posts to one group at 20 an hour take more than an hour of (fake) time.
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(HOUR)
    // Every one of them reached the local WeChat, in order: 20 in the first hour, the 10 that waited then as one message.
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline && h.botLines('3栋业主群').length < 21) await sleep(50)
    const lines = h.botLines('3栋业主群').map((l) => l.text)
    expect(lines.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `3栋业主群 第 ${i + 1} 条`))
    expect(lines).toHaveLength(21)
    expect(lines[20]).toBe(['刚才群里消息多，下面 10 条回复一起发：', ...Array.from({ length: 10 }, (_, i) => `3栋业主群 第 ${i + 21} 条`)].join('\n\n'))
  })

  it('alerts the operator once at the daily alert level and stops group sends at the daily cap, private replies going on', async () => {
    await start({ dailyAlert: 5, dailyCap: 8, perGroupPerHour: 100, perMinute: 100, perHour: 1000 })
    const replies = [...Array.from({ length: 10 }, (_, i) => toGroup('3栋业主群', i + 1)), toPerson('盛阿姨', 1), toPerson('盛阿姨', 2)]
    await enqueueReplies(h.app.database.sql, h.app.community.id, replies, h.clock.now())
    await drain(400)
    const sent = await h.db.outboxMessage.findMany({ where: { status: 'sent' }, orderBy: { sentAt: 'asc' } })
    // Eight sends in all — group posts, the two private replies and the alert — then group posts stop.
    expect(sent).toHaveLength(8)
    const alerts = sent.filter((r) => r.conversationId === h.personId('彭书记'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.text).toMatch(/过去 24 小时已发出 5 条消息，接近每日上限 8 条/)
    expect(sent.filter((r) => r.conversationId === h.personId('盛阿姨'))).toHaveLength(2)
    const waiting = await h.db.outboxMessage.count({ where: { status: 'pending', isRoom: true } })
    expect(waiting).toBe(10 - sent.filter((r) => r.isRoom).length)
    // Over the cap a private reply still goes out; the group posts keep waiting.
    await enqueueReplies(h.app.database.sql, h.app.community.id, [toPerson('盛阿姨', 3)], h.clock.now())
    await drain(100)
    expect(await h.db.outboxMessage.count({ where: { status: 'sent', conversationId: h.personId('盛阿姨') } })).toBe(3)
    expect(await h.db.outboxMessage.count({ where: { status: 'pending', isRoom: true } })).toBe(waiting)
  })

  it('sends a private reply at the daily cap even behind a queue of group posts longer than the sender looks at', async () => {
    await start({ dailyAlert: 100, dailyCap: 3, perGroupPerHour: 100, perMinute: 100, perHour: 1000 })
    await enqueueReplies(h.app.database.sql, h.app.community.id, Array.from({ length: 80 }, (_, i) => toGroup('3栋业主群', i + 1)), h.clock.now())
    await drain(60)
    expect(await h.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(3)
    await enqueueReplies(h.app.database.sql, h.app.community.id, [toPerson('盛阿姨', 1)], h.clock.now())
    await drain(60)
    expect(await h.db.outboxMessage.count({ where: { status: 'sent', conversationId: h.personId('盛阿姨') } })).toBe(1)
    expect(await h.db.outboxMessage.count({ where: { status: 'pending', isRoom: true } })).toBe(77)
  })

  it('sends the receipt of an urgent report to a group at its hourly cap within the account\'s own gap, and says when others wait long', async () => {
    await start()
    await enqueueReplies(h.app.database.sql, h.app.community.id, Array.from({ length: 24 }, (_, i) => toGroup('3栋业主群', i + 1)), h.clock.now())
    // Step until the group has had its 20 sends of the hour and the rest wait.
    for (let i = 0; i < 400 && (await h.db.outboxMessage.count({ where: { status: 'sent' } })) < 20; i++) {
      const wait = await h.app.sender.step()
      if (wait > 0) h.clock.advance(wait)
    }
    expect(await h.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(20)
    h.say('盛阿姨', '3栋业主群', '3栋2单元楼道里一股很浓的煤气味，不知道谁家漏气了')
    let receipt = null
    for (let i = 0; i < 200 && !receipt; i++) {
      receipt = await h.db.outboxMessage.findFirst({ where: { urgent: true, isRoom: true } })
      if (!receipt) await sleep(25)
    }
    expect(receipt?.text).toMatch(/已登记 #1：燃气供暖.*紧急/)
    const queuedAt = h.clock.now().getTime()
    for (let i = 0; i < 50 && (await h.db.outboxMessage.findUniqueOrThrow({ where: { id: receipt!.id } })).status !== 'sent'; i++) {
      const wait = await h.app.sender.step()
      if (wait > 0) h.clock.advance(Math.min(wait, 1000))
    }
    const sent = await h.db.outboxMessage.findUniqueOrThrow({ where: { id: receipt!.id } })
    expect(sent.status).toBe('sent')
    // Within the gap with jitter between any two sends (4–8 s by default), not an hour behind the group's cap.
    expect(sent.sentAt!.getTime() - queuedAt).toBeLessThanOrEqual(8 * SECOND)
    expect(await h.db.outboxMessage.count({ where: { status: 'pending', conversationId: h.roomId('3栋业主群') } })).toBe(4)
    // Ordinary replies still wait; past 10 minutes the operator is told, once.
    for (let i = 0; i < 200 && h.clock.now().getTime() - queuedAt < 15 * MINUTE; i++) {
      const wait = await h.app.sender.step()
      h.clock.advance(Math.min(Math.max(wait, 30 * SECOND), MINUTE))
    }
    await drain(50)
    const told = await h.db.outboxMessage.findMany({ where: { isRoom: false, text: { contains: '已经等了' } } })
    expect(told.length).toBeGreaterThan(0)
    expect(new Set(told.map((t) => t.conversationId)).size).toBe(told.length)
  })

  it('answers a resident\'s commands up to the hour\'s budget with one "later" after, and lets an urgent report through past the daily cap', async () => {
    await start({ dailyAlert: 1000, dailyCap: 15, perContactPerHour: 5, perGroupPerHour: 100, perMinute: 1000, perHour: 10000 })
    const flooders = ['盛阿姨', '刘叔叔', '陈小美', '周大爷']
    for (let i = 0; i < 30; i++) for (const name of flooders) h.say(name, null, i % 2 ? '帮助' : '绑定 WRONG1')
    for (let i = 0; i < 400 && (await h.db.inboundMessage.count({ where: { status: 'handled' } })) < 120; i++) await sleep(25)
    expect(await h.db.inboundMessage.count({ where: { status: 'handled' } })).toBe(120)
    for (const name of flooders) {
      const rows = await h.db.outboxMessage.findMany({ where: { conversationId: h.personId(name) } })
      // Five answers, then one polite "later", then nothing this hour.
      expect(rows).toHaveLength(6)
      expect(rows.filter((r) => r.text.includes('请稍后再试'))).toHaveLength(1)
    }
    await drain(400)
    expect(await h.db.outboxMessage.count({ where: { status: 'sent' } })).toBeGreaterThanOrEqual(15)
    // The account is at its daily cap; a gas smell is reported in a group.
    h.say('吴老师', '3栋业主群', '3栋2单元楼道里一股很浓的煤气味，不知道谁家漏气了')
    for (let i = 0; i < 200 && (await h.db.outboxMessage.count({ where: { urgent: true } })) < 2; i++) await sleep(25)
    await drain(100)
    const urgent = await h.db.outboxMessage.findMany({ where: { urgent: true } })
    expect(urgent.map((r) => [r.conversationId, r.status]).sort()).toEqual([[h.roomId('物业工作群'), 'sent'], [h.roomId('3栋业主群'), 'sent']].sort())
    // Ordinary group posts still wait for the window.
    h.say('吴老师', '3栋业主群', '3栋楼道灯不亮了')
    for (let i = 0; i < 200 && (await h.db.outboxMessage.count({ where: { isRoom: true, urgent: false } })) === 0; i++) await sleep(25)
    await drain(50)
    expect(await h.db.outboxMessage.count({ where: { isRoom: true, urgent: false, status: 'sent' } })).toBe(0)
  })

  it('spaces one broadcast 30–60 s between groups, with jitter', async () => {
    await start()
    const topics = h.demo.groups.map((g) => g.topic)
    const notice: Reply[] = topics.map((t) => ({ conversationId: h.roomId(t), isRoom: true, text: '【通知】周六上午停水', key: `notice:${t}`, broadcast: 'notice' }))
    await enqueueReplies(h.app.database.sql, h.app.community.id, notice, h.clock.now())
    await drain()
    const times = (await h.db.outboxMessage.findMany({ where: { broadcast: 'notice', status: 'sent' }, orderBy: { sentAt: 'asc' } })).map((r) => r.sentAt!.getTime())
    expect(times).toHaveLength(topics.length)
    const gaps = times.slice(1).map((t, i) => t - times[i]!)
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(30 * SECOND)
      expect(gap).toBeLessThanOrEqual(60 * SECOND)
    }
    expect(new Set(gaps).size).toBeGreaterThan(1)
  })

  it('stops every send for 30, 60 and 120 minutes when WeChat says 频繁, retries nothing meanwhile, alerts once and loses nothing', async () => {
    await start()
    const replies = [...['3栋业主群', '12号楼邻里群'].map((t) => toGroup(t, 1)), toPerson('盛阿姨', 1)]
    await enqueueReplies(h.app.database.sql, h.app.community.id, replies, h.clock.now())
    h.wechat.refuseSends('发送消息过于频繁，请稍后再试')
    const refusedAt: number[] = []
    for (let i = 0; i < 200 && refusedAt.length < 3; i++) {
      const before = h.wechat.refusedSends
      const wait = await h.app.sender.step()
      if (h.wechat.refusedSends > before) refusedAt.push(h.clock.now().getTime())
      if (wait > 0) h.clock.advance(wait)
    }
    // Exactly one try per pause: nothing was retried while paused.
    expect(h.wechat.refusedSends).toBe(3)
    expect(refusedAt[1]! - refusedAt[0]!).toBeGreaterThanOrEqual(30 * MINUTE)
    expect(refusedAt[1]! - refusedAt[0]!).toBeLessThan(31 * MINUTE)
    expect(refusedAt[2]! - refusedAt[1]!).toBeGreaterThanOrEqual(60 * MINUTE)
    expect(refusedAt[2]! - refusedAt[1]!).toBeLessThan(61 * MINUTE)
    expect(h.app.sender.pausedTill!.getTime() - refusedAt[2]!).toBe(120 * MINUTE)
    h.wechat.refuseSends(null)
    await drain()
    const sent = await h.db.outboxMessage.findMany({ where: { status: 'sent' } })
    expect(sent.filter((r) => r.dedupeKey.startsWith('pace:'))).toHaveLength(3)
    expect(sent.filter((r) => r.text.includes('频繁'))).toHaveLength(1)
    expect(sent.find((r) => r.text.includes('频繁'))!.text).toContain('暂停所有发送 30 分钟')
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline && h.botLines().length < 4) await sleep(50)
    expect(h.botLines().map((l) => l.text).sort()).toEqual(['12号楼邻里群 第 1 条', '3栋业主群 第 1 条', '盛阿姨 第 1 条', expect.stringContaining('频繁')].sort())
  })
})
