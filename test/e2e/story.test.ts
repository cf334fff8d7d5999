import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'

// The whole story of one case, through the real Wechaty stack (puppet-service over loopback gRPC)
// and a real SQLite file, on a fixed clock: Friday 20 November 2026, 10:00 in Shanghai.
describe('a resident reports, staff handle it, the secretary sums up', () => {
  let h: Harness

  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('registers a report as case #1 and acknowledges it in the same group', async () => {
    const ack = await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了，晚上上楼黑乎乎的，麻烦物业看一下')
    expect(ack).toContain('@盛阿姨')
    expect(ack).toContain('#1')
    expect(ack).toContain('电力照明')
    expect(ack).toContain('3栋2单元')
    expect(ack).toContain('物业小王')
    const caseRow = await h.db.case.findFirstOrThrow({ where: { number: 1 } })
    expect(caseRow).toMatchObject({ category: 'power', building: '3', unit: '2', urgency: 'normal', state: 'reported', reporterId: 'wxid_sheng_ayi' })
    expect(await h.db.inboundMessage.count({ where: { status: 'handled' } })).toBe(1)
  })

  it('marks an urgent report 紧急', async () => {
    const ack = await h.ask('陈小美', '12号楼邻里群', '电梯又坏了，卡在6楼不动了，里面好像还有人！！')
    expect(ack).toMatch(/#2：电梯｜12栋，紧急/)
  })

  it('stays silent on chit-chat and in groups it does not serve, but stores what it serves', async () => {
    await h.settle()
    const before = h.botLines().length
    h.say('刘叔叔', '3栋业主群', '大家晚上好')
    h.say('刘叔叔', '3栋业主群', '谢谢物业师傅，灯已经修好了👍')
    h.say('吴老师', '广场舞爱好者群', '3栋楼道灯坏了，谁来修一下')
    await h.settle()
    // Nothing in any group; the one who handles the corridor light (#1) hears privately that it works again.
    const said = h.botLines().slice(before)
    expect(said.map((l) => [l.where, l.text.split('\n')[0]])).toEqual([['物业小王', '居民说 #1 已经好了：「谢谢物业师傅，灯已经修好了👍」']])
    expect(await h.db.inboundMessage.count({ where: { text: '大家晚上好' } })).toBe(1)
    expect(await h.db.inboundMessage.count({ where: { talkerId: 'wxid_wu_laoshi' } })).toBe(0)
    expect(await h.db.case.count()).toBe(2)
  })

  it('answers 查询 with the state in Chinese words and who handles it', async () => {
    const answer = await h.ask('盛阿姨', '3栋业主群', '查询 #1')
    expect(answer).toContain('待受理')
    expect(answer).toContain('物业')
  })

  it('refuses a resident who tries to finish a case, and changes nothing', async () => {
    const answer = await h.ask('盛阿姨', '3栋业主群', '完成 #1 已经修好了')
    expect(answer).toMatch(/抱歉.*工作人员/)
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('reported')
  })

  it('posts 受理 to the building group, @-mentioning the reporter', async () => {
    const post = await h.ask('物业小王', '红管家服务驿站', '受理 #1', '3栋业主群')
    expect(post).toContain('@盛阿姨')
    expect(post).toContain('#1 已受理')
    const caseRow = await h.db.case.findFirstOrThrow({ where: { number: 1 } })
    expect(caseRow.state).toBe('accepted')
    expect(caseRow.assigneeId).toBe('wxid_wang_wuye')
  })

  it('posts 已办结 with the note and asks the reporter for a rating', async () => {
    h.clock.advance(2 * 3600_000)
    const post = await h.ask('物业小王', '红管家服务驿站', '完成 #1 已更换楼道灯，联系电话13812345678', '3栋业主群')
    expect(post).toContain('@盛阿姨')
    expect(post).toContain('#1 已办结')
    expect(post).toContain('已更换楼道灯')
    expect(post).toContain('138****5678')
    expect(post).not.toContain('13812345678')
    expect(post).toContain('评价 #1 满意')
  })

  it('records the reporter\'s rating and lets nobody else rate', async () => {
    expect(await h.ask('刘叔叔', '3栋业主群', '评价 #1 满意')).toContain('只有反映人')
    const answer = await h.ask('盛阿姨', '3栋业主群', '评价 #1 满意 师傅很负责')
    expect(answer).toContain('评价「满意」已收到')
    const rating = await h.db.rating.findFirstOrThrow()
    expect(rating).toMatchObject({ score: 'satisfied', comment: '师傅很负责', raterId: 'wxid_sheng_ayi' })
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('rated')
  })

  it('gives the secretary 今日汇总 with the right counts and rates', async () => {
    const summary = await h.ask('彭书记', null, '今日汇总')
    expect(summary).toContain('新增 2 件')
    expect(summary).toContain('办结 1 件')
    expect(summary).toContain('待办 1 件')
    expect(summary).toContain('逾期 1 件')
    expect(summary).toMatch(/电力照明 1/)
    expect(summary).toMatch(/#2 电梯｜12栋/)
    expect(summary).toContain('满意率 100%')
    expect(summary).toContain('响应率 50%')
    expect(summary).toContain('解决率 100%')
    expect(summary).not.toContain('盛阿姨')
  })

  it('signs volunteers up for Red Saturday and shows the roster', async () => {
    expect(await h.ask('赵楼长', '红周六志愿者群', '报名红周六 3栋')).toContain('11月21日（周六）')
    await h.ask('陈小美', '红周六志愿者群', '报名红周六')
    const roster = await h.ask('刘叔叔', '红周六志愿者群', '红周六名单')
    expect(roster).toContain('（2 人）')
    expect(roster).toContain('3栋：赵楼长')
    expect(roster).toContain('不限楼栋：陈小美')
  })
})
