import { afterEach, describe, expect, it } from 'vitest'
import { createInvite } from '../../bot/cli/invite.js'
import { Harness } from '../support/harness.js'

const MIN = 60_000
const HOUR = 60 * MIN

describe('supervision of deadlines', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })
  const sweepAt = async (iso: string) => {
    h.clock.set(iso)
    await h.app.sweep()
    await h.settle()
  }
  const reminders = (name: string) => h.botLines(name).filter((l) => l.text.startsWith('督办提醒'))

  it('climbs the whole ladder for the acceptance deadline and again for the resolution deadline', async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元电梯卡在5楼了，里面有人出不来')
    await sweepAt('2026-11-20T10:31:00+08:00')
    await sweepAt('2026-11-20T10:46:00+08:00')
    await sweepAt('2026-11-20T11:01:00+08:00')
    for (const name of ['赵楼长', '网格员小李', '彭书记']) expect(reminders(name), name).toHaveLength(1)
    expect(reminders('赵楼长')[0]!.text).toContain('已超过受理时限')
    await h.ask('物业小王', null, '受理 #1')
    // Accepted late; now the resolution deadline (24 hours after the report) is supervised from its first step.
    await sweepAt('2026-11-21T09:59:00+08:00')
    expect(reminders('赵楼长')).toHaveLength(1)
    await sweepAt('2026-11-21T10:01:00+08:00')
    await sweepAt('2026-11-21T22:01:00+08:00')
    await sweepAt('2026-11-22T10:01:00+08:00')
    for (const name of ['赵楼长', '网格员小李', '彭书记']) {
      const lines = reminders(name)
      expect(lines, name).toHaveLength(2)
      expect(lines[1]!.text, name).toContain('已超过办结时限（11月21日 10:00）')
    }
    // Every step the history records was also sent.
    expect(await h.db.caseEvent.count({ where: { action: 'escalated' } })).toBe(6)
    await sweepAt('2026-11-23T10:01:00+08:00')
    expect(reminders('彭书记')).toHaveLength(2)
  })

  it('flags a new overdue case however many older ones are overdue already', async () => {
    h = await Harness.start()
    const communityId = h.app.community.id
    const at = h.clock.now()
    const base = {
      communityId, category: 'sanitation', building: '3', urgency: 'normal', state: 'reported', text: '垃圾没人清', reporterId: 'wxid_old', reporterName: '居民',
      party: '物业', parserVersion: 'test', createdAt: new Date(at.getTime() - 10 * 24 * HOUR), updatedAt: at,
      respondBy: new Date(at.getTime() - 9 * 24 * HOUR), resolveBy: new Date(at.getTime() + 30 * 24 * HOUR),
    }
    // 1,000 fully escalated, 1,000 escalated once and not yet due for their next step.
    await h.db.case.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({ ...base, number: 1000 + i, overdueAt: base.respondBy, escalationLevel: i < 1000 ? 3 : 1, respondBy: i < 1000 ? base.respondBy : new Date(at.getTime() - MIN) })),
    })
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元电梯卡在5楼了，里面有人出不来')
    const fresh = await h.db.case.findFirstOrThrow({ where: { reporterName: '盛阿姨' } })
    await sweepAt('2026-11-20T10:31:00+08:00')
    expect(await h.db.case.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ escalationLevel: 1, overdueAt: expect.any(Date) })
    expect(reminders('赵楼长').filter((l) => l.text.includes(`#${fresh.number} `))).toHaveLength(1)
  })

  it('reminds a building head bound by invite code, with his building, as one from the file', async () => {
    h = await Harness.start()
    const code = await createInvite(h.db, h.app.community.id, ['building_head'], '周楼长', h.clock.now(), ['12'])
    expect(await h.ask('周大爷', null, `绑定 ${code}`)).toContain('负责 12栋')
    await h.ask('陈小美', '12号楼邻里群', '12号楼1单元电梯卡住了，里面有人出不来')
    await sweepAt('2026-11-20T10:31:00+08:00')
    expect(reminders('周大爷')).toHaveLength(1)
    expect(reminders('周大爷')[0]!.text).toContain('已超过受理时限')
    // The case's history names him as the one reminded, and his 受理 as a staff step.
    await h.ask('周大爷', null, '受理 #1')
    expect(await h.ask('陈小美', null, '查询 #1 详情')).toContain('周楼长')
  })
})
