import { afterEach, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'
import { tracesOf } from '../support/traces.js'

const DAY = 24 * 3600_000

describe('privacy', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })

  it('refuses questions about other residents, in a group and privately, and registers nothing', async () => {
    h = await Harness.start()
    expect(await h.ask('刘叔叔', '3栋业主群', '1502住的是谁？电话多少？')).toContain('不能提供其他住户')
    expect(await h.ask('刘叔叔', null, '楼上那家的手机号是多少，发我一下')).toContain('不能提供其他住户')
    // Nothing registered as a case; at most a doubt kept for staff, which nobody in the group hears of.
    expect(await h.db.case.count({ where: { state: { not: 'suspected' } } })).toBe(0)
  })

  it('lets a co-reporter follow a case without seeing the other residents\' names, rooms or words', async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元501卫生间漏水了，已经渗到楼下，我电话13812345678')
    // A resident of another building cannot join a case of 3栋, in his group or privately.
    expect(await h.ask('陈小美', '12号楼邻里群', '我也是 #1')).toContain('只能由本楼居民一起反映')
    expect(await h.ask('陈小美', null, '我也是 #1')).toContain('只能由本楼居民一起反映')
    expect(await h.ask('陈小美', null, '查询 #1 详情')).toContain('不是您反映的工单')
    expect(await h.ask('刘叔叔', '3栋业主群', '我也是 #1')).toContain('其他 1 位居民')
    const post = await h.ask('物业小王', null, '进展 #1 师傅下午去3栋2单元501查楼上的管子', '3栋业主群')
    expect(post).toContain('师傅下午去3栋2单元***查楼上的管子')
    expect(post).not.toContain('501')
    // The co-reporter sees the state, the steps and the staff's note; the reporter only as 盛**.
    const history = await h.ask('刘叔叔', null, '查询 #1 详情')
    expect(history).toContain('受理')
    expect(history).toContain('师傅下午')
    expect(history).toContain('盛**')
    for (const secret of ['盛阿姨', '501', '卫生间漏水', '渗到楼下', '5678']) expect(history).not.toContain(secret)
    const status = await h.ask('刘叔叔', null, '查询 #1')
    expect(status).toContain('3栋2单元')
    expect(status).not.toContain('501')
    // The reporter herself, privately, sees her own room and words.
    const own = await h.ask('盛阿姨', null, '查询 #1 详情')
    expect(own).toContain('501室')
    expect(own).toContain('卫生间漏水')
    expect(await h.db.caseReporter.count()).toBe(2)
  })

  it('shows nobody a room or another resident\'s words in a group, and residents only staff notes as the latest progress', async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元501电梯坏了，一直停在5楼不动')
    const merged = await h.ask('刘叔叔', '3栋业主群', '3栋2单元电梯又坏了，我有心脏病爬不了楼，电话13912345678')
    expect(merged).toContain('已合并到 #1')
    // The reporter asks in the group: neighbours read along, so no room and no neighbour's words.
    const inGroup = await h.ask('盛阿姨', '3栋业主群', '查询 #1')
    expect(inGroup).toContain('3栋2单元')
    for (const secret of ['501', '心脏病', '爬不了楼', '5678', '1391']) expect(inGroup).not.toContain(secret)
    const historyInGroup = await h.ask('盛阿姨', '3栋业主群', '查询 #1 详情')
    for (const secret of ['501', '心脏病', '停在5楼', '刘叔叔']) expect(historyInGroup).not.toContain(secret)
    // Privately she sees her own room; the latest progress is still no neighbour's words.
    const own = await h.ask('盛阿姨', null, '查询 #1')
    expect(own).toContain('501室')
    expect(own).not.toContain('心脏病')
    // The latest staff note is what residents read as the latest progress.
    await h.ask('物业小王', null, '进展 #1 已联系电梯公司，下午两点到', '3栋业主群')
    expect(await h.ask('刘叔叔', '3栋业主群', '查询 #1')).toContain('最新进展：已联系电梯公司')
    // 我的工单 in the group shows the co-reporter no room of the reporter's.
    const mine = await h.ask('刘叔叔', '3栋业主群', '我的工单')
    expect(mine).toContain('#1')
    expect(mine).not.toContain('501')
    // Staff typing 待办 in a building group: units only, no suspected report's words.
    const todo = await h.ask('赵楼长', '3栋业主群', '待办')
    expect(todo).toContain('#1')
    expect(todo).not.toContain('501')
    expect(todo).toContain('私聊红管家发「待办」')
    expect(await h.ask('赵楼长', null, '待办')).toContain('501室')
  })

  it('lets anyone in the compound join a case in a shared area', async () => {
    h = await Harness.start()
    const shared = await h.ask('吴老师', '红管家服务驿站', '小区东门的道闸坏了，车进不来也出不去')
    expect(shared).toMatch(/已登记 #1/)
    expect(await h.ask('陈小美', '12号楼邻里群', '我也是 #1')).toContain('其他 1 位居民')
    expect(await h.ask('盛阿姨', null, '我也是 #1')).toContain('其他 2 位居民')
  })

  it('keeps a resident\'s illness out of the staff group, and logs a notice with who sent it', async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋501我家老伴有糖尿病，电梯坏了下不了楼，麻烦尽快修')
    await h.settle()
    const notice = h.botLines('物业工作群').map((l) => l.text).join('\n')
    expect(notice).toContain('新工单 #1')
    expect(notice).not.toContain('糖尿病')
    expect(notice).toContain('[健康信息]')
    await h.ask('彭书记', null, '通知 周六上午停水')
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: 'broadcast' } })
    expect(audit.actor).toContain('wxid_peng2018')
    expect(audit.detail).toContain('周六上午停水')
  })

  it('removes a resident\'s personal data on 删除我的信息, keeps the figures, and says so again without harm', async () => {
    h = await Harness.start()
    const sheng = h.personId('盛阿姨')
    await h.ask('盛阿姨', '3栋业主群', '3栋501卫生间漏水，我电话13812345678')
    await h.ask('盛阿姨', '3栋业主群', '3栋楼道灯不亮了')
    await h.ask('刘叔叔', '3栋业主群', '3栋门口垃圾没人清')
    await h.ask('盛阿姨', '3栋业主群', '我也是 #3')
    const answer = await h.ask('盛阿姨', null, '删除我的信息')
    expect(answer).toContain('已删除您的个人信息')
    expect(answer).toContain('3 件工单')
    const where = { OR: [{ reporterId: sheng }, { reporterName: '盛阿姨' }, { text: { contains: '13812345678' } }] }
    expect(await h.db.case.count({ where })).toBe(0)
    expect(await h.db.caseReporter.count({ where: { OR: [{ contactId: sheng }, { name: '盛阿姨' }] } })).toBe(0)
    expect(await h.db.caseEvent.count({ where: { OR: [{ actorId: sheng }, { actorName: '盛阿姨' }] } })).toBe(0)
    expect(await h.db.inboundMessage.count({ where: { OR: [{ talkerId: sheng }, { talkerName: '盛阿姨' }, { text: { contains: '1381234' } }] } })).toBe(0)
    // The cases and their numbers stay, so the station's figures do not change.
    expect(await h.db.case.count()).toBe(3)
    expect((await h.db.case.findFirstOrThrow({ where: { number: 3 } })).reporterName).toBe('刘叔叔')
    expect(await h.ask('盛阿姨', null, '删除我的信息')).toContain('没有需要删除的个人信息')
    // Her case's progress no longer @-mentions her.
    const post = await h.ask('物业小王', null, '进展 #1 师傅下午上门', '3栋业主群')
    expect(post).toContain('#1 处理中')
    expect(post).not.toContain('@盛阿姨')
  })

  it('leaves no trace of a resident in any table or column after 删除我的信息: messages, cases, notices sent, visits, examples, mentions', async () => {
    h = await Harness.start()
    const sheng = h.personId('盛阿姨')
    const room = h.roomId('3栋业主群')
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元501卫生间漏水，渗到楼下了，老伴有糖尿病走不动，电话13812345678')
    await h.ask('物业小王', null, '改 #1 紧急')
    await h.ask('赵楼长', null, '走访 3栋2单元501 盛阿姨老伴有糖尿病，独自在家时要多照看')
    await h.ask('赵楼长', null, '独居 3栋2单元501')
    h.wechat.deliver({ personId: h.personId('物业小王'), roomId: room, text: '登记 @盛阿姨 楼道里盛阿姨家门口的地漏也堵了', mentions: [sheng] })
    await h.settle()
    await h.ask('物业小王', null, '进展 #1 师傅下午上门', '3栋业主群')
    // Her words added to a neighbour's case in the group: a follow-up that made it urgent, and one saying it works again.
    await h.ask('刘叔叔', '3栋业主群', '3栋的电梯坏了，停在五楼不动')
    h.say('盛阿姨', '3栋业主群', '电梯里还关着人，我家糖尿病老伴在里面')
    await h.settle()
    h.say('盛阿姨', '3栋业主群', '电梯好了 老伴出来了 谢谢物业小王')
    await h.settle()
    expect((await h.db.caseEvent.findMany({ where: { actorId: sheng, action: 'followup' } })).length).toBe(2)
    const needles = ['盛阿姨', sheng, '13812345678', '卫生间漏水', '糖尿病', '独自在家', '地漏也堵', '老伴出来了']
    expect((await tracesOf(h.db, h.databaseUrl, needles)).length).toBeGreaterThan(5)
    expect(await h.ask('盛阿姨', null, '删除我的信息')).toContain('已删除您的个人信息')
    await h.settle()
    // The one row left addressed to her is the confirmation of this very request.
    const confirmation = await h.db.outboxMessage.findMany({ where: { conversationId: sheng } })
    expect(confirmation.map((r) => r.text)).toEqual([expect.stringContaining('已删除您的个人信息')])
    await h.db.outboxMessage.deleteMany({ where: { conversationId: sheng } })
    expect(await tracesOf(h.db, h.databaseUrl, needles)).toEqual([])
    // The figures stay: three cases, their numbers and categories.
    expect(await h.db.case.count()).toBe(3)
  })

  it('purges dismissed and never-confirmed reports, old notices and visit notes after the retention period, leaving no trace', async () => {
    h = await Harness.start()
    const liu = h.personId('刘叔叔')
    await h.ask('刘叔叔', '3栋业主群', '3栋1单元302楼道灯坏了，我血压高摸黑下楼摔过，电话13987654321')
    await h.ask('刘叔叔', '3栋业主群', '3栋1单元302门口的垃圾堆了三天没人收')
    await h.settle()
    // One kept as a suspected report nobody confirmed, the other dismissed by staff as no report.
    await h.db.case.update({ where: { communityId_number: { communityId: h.app.community.id, number: 1 } }, data: { state: 'suspected' } })
    await h.db.case.update({ where: { communityId_number: { communityId: h.app.community.id, number: 2 } }, data: { state: 'suspected' } })
    expect(await h.ask('网格员小李', null, '不是 #2')).toContain('已排除')
    await h.ask('赵楼长', null, '走访 3栋1单元302 刘叔叔血压高，独自在家')
    await h.settle()
    const needles = ['刘叔叔', liu, '13987654321', '摸黑下楼', '垃圾堆了三天', '血压高']
    h.clock.advance(366 * DAY)
    await h.app.purge()
    expect(await tracesOf(h.db, h.databaseUrl, needles)).toEqual([])
    expect(await h.db.case.count()).toBe(2)
  })

  it('anonymises cases closed longer ago than the retention period, once', async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋501卫生间漏水了')
    await h.ask('刘叔叔', '3栋业主群', '3栋楼道灯不亮了')
    await h.ask('物业小王', null, '完成 #1 已更换水管', '3栋业主群')
    await h.ask('盛阿姨', '3栋业主群', '评价 #1 满意 师傅很细心')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('rated')
    h.clock.advance(364 * DAY)
    await h.app.purge()
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).reporterName).toBe('盛阿姨')
    h.clock.advance(2 * DAY)
    await h.app.purge()
    const closed = await h.db.case.findFirstOrThrow({ where: { number: 1 }, include: { events: true, reporters: true, rating: true } })
    expect(closed).toMatchObject({ reporterName: '居民', room: null, text: '（个人信息已删除）' })
    expect(closed.anonymisedAt).not.toBeNull()
    expect(closed.reporters.map((r) => r.name)).toEqual(['居民'])
    expect(closed.rating).toMatchObject({ score: 'satisfied', comment: null })
    // Staff acted in their role: their names stay on the record; the resident's do not.
    expect(closed.events.map((e) => e.actorName)).toContain('物业小王')
    expect(closed.events.map((e) => e.actorName)).not.toContain('盛阿姨')
    // The open case is untouched; a second purge changes nothing.
    expect((await h.db.case.findFirstOrThrow({ where: { number: 2 } })).reporterName).toBe('刘叔叔')
    await h.app.purge()
    expect(await h.db.auditLog.count({ where: { action: 'retention-purge' } })).toBe(1)
  })
})
