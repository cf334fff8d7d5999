import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Harness } from '../support/harness.js'

// Every command of the chat contract not already played in the main story.
describe('chat commands', () => {
  let h: Harness

  beforeAll(async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '我家501卫生间往楼下渗水，楼下邻居刚来敲门了，急！')
    await h.ask('陈小美', '12号楼邻里群', '12号楼1单元门口的垃圾桶满了两天没人清，味道很大')
  })
  afterAll(async () => {
    await h.stop()
  })

  it('reads case numbers as #N, N号 and N, with full-width # and an @-mention', async () => {
    expect(await h.ask('盛阿姨', '3栋业主群', '@红管家 查询 ＃1')).toContain('#1 给排水')
    expect(await h.ask('盛阿姨', '3栋业主群', '进度 1号')).toContain('待受理')
    expect(await h.ask('盛阿姨', '3栋业主群', '查询1')).toContain('#1 给排水｜3栋\n')
    expect(await h.ask('盛阿姨', null, '查询1')).toContain('3栋501室')
  })

  it('lets only reporters and staff see a case', async () => {
    expect(await h.ask('刘叔叔', '3栋业主群', '查询 #1')).toContain('只能查询自己反映或一起反映的工单')
    expect(await h.ask('物业小王', null, '查询 #1')).toContain('待受理')
  })

  it('adds a co-reporter with 我也是 #N, who then hears the updates', async () => {
    expect(await h.ask('刘叔叔', '3栋业主群', '我也是 #1')).toContain('其他 1 位居民')
    expect(await h.ask('刘叔叔', '3栋业主群', '+1 #1')).toContain('已经在跟进')
    const post = await h.ask('物业小王', null, '进展 #1 已联系维修师傅，下午两点上门', '3栋业主群')
    expect(post).toContain('#1 处理中')
    expect(post).toContain('@盛阿姨')
    expect(post).toContain('@刘叔叔')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('in_progress')
  })

  it('confirms privately to staff who wrote from elsewhere', async () => {
    await h.settle()
    const lines = h.botLines('物业小王').map((l) => l.text)
    expect(lines.some((t) => t.includes('#1 进展已记录'))).toBe(true)
  })

  it('lists the sender\'s open cases for 我的工单', async () => {
    const answer = await h.ask('刘叔叔', '3栋业主群', '我的工单')
    expect(answer).toContain('#1')
    expect(answer).toContain('处理中')
    expect(await h.ask('周大爷', '12号楼邻里群', '我的工单')).toContain('没有未办结')
  })

  it('routes a case with 转派 and tells its group', async () => {
    expect(await h.ask('网格员小李', '红管家服务驿站', '转派 #2 志愿者', '12号楼邻里群')).toContain('#2 已转派给志愿者')
    await h.settle()
    expect(h.botLines('红管家服务驿站').at(-1)?.text).toContain('#2 已转派给志愿者。')
    expect((await h.db.case.findFirstOrThrow({ where: { number: 2 } })).party).toBe('志愿者')
  })

  it('answers a malformed command with a short hint', async () => {
    expect(await h.ask('网格员小李', '红管家服务驿站', '转派 #2 居委')).toContain('转派 #12 物业')
    expect(await h.ask('网格员小李', '红管家服务驿站', '受理')).toContain('请写上工单号')
    expect(await h.ask('网格员小李', '红管家服务驿站', '受理 #99')).toContain('没有找到 #99')
    expect(await h.ask('盛阿姨', '3栋业主群', '评价 #1')).toContain('请写明满意程度')
  })

  it('lists open cases for 待办, overdue marked, only for staff', async () => {
    h.clock.advance(5 * 3600_000)
    const todo = await h.ask('网格员小李', '红管家服务驿站', '待办')
    expect(todo).toMatch(/待办工单 2 件/)
    expect(todo).toMatch(/#2 .*【逾期】/)
    expect(await h.ask('周大爷', '12号楼邻里群', '待办')).toContain('抱歉')
  })

  it('closes a case with 关闭 and a reason', async () => {
    expect(await h.ask('网格员小李', '红管家服务驿站', '关闭 #2 垃圾已清运，居民确认', '12号楼邻里群')).toContain('#2 已关闭：垃圾已清运')
    expect(await h.ask('网格员小李', '红管家服务驿站', '完成 #2 再试一次')).toContain('不能改为「已办结」')
  })

  it('gives secretaries 本周汇总 and 逾期, and refuses them to others', async () => {
    expect(await h.ask('彭书记', null, '本周汇总')).toMatch(/本周民情汇总[\s\S]*新增 2 件/)
    expect(await h.ask('彭书记', null, '逾期')).toContain('目前没有逾期工单')
    expect(await h.ask('物业小王', null, '今日汇总')).toContain('只有书记或站长')
  })

  it('sends 通知 to every building group and to no other group', async () => {
    const stationBefore = h.botLines('红管家服务驿站').length
    const answer = await h.ask('彭书记', null, '通知 本周六上午9点停水检修，请提前储水')
    expect(answer).toContain('2 个楼栋群')
    await h.settle()
    for (const topic of ['3栋业主群', '12号楼邻里群']) {
      expect(h.botLines(topic).filter((l) => l.text.includes('【通知】本周六上午9点停水检修')).length).toBe(1)
    }
    expect(h.botLines('红管家服务驿站').length).toBe(stationBefore)
    expect(h.botLines('广场舞爱好者群').length).toBe(0)
  })

  it('withdraws a Red Saturday sign-up and checks volunteers in on the day only', async () => {
    await h.ask('赵楼长', '红周六志愿者群', '报名红周六')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签到')).toContain('今天不是红周六')
    expect(await h.ask('赵楼长', '红周六志愿者群', '请假红周六')).toContain('已为您请假')
    expect(await h.ask('赵楼长', '红周六志愿者群', '红周六名单')).toContain('还没有人报名')
    h.clock.set('2026-11-21T08:30:00+08:00')
    expect(await h.ask('赵楼长', '红周六志愿者群', '签到')).toContain('签到成功')
    const signup = await h.db.activitySignup.findFirstOrThrow({ where: { contactId: 'wxid_zhao_3dong' }, orderBy: { id: 'desc' } })
    expect(signup.status).toBe('signed')
    expect(signup.checkedInAt).not.toBeNull()
  })
})
