import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInvite } from '../../bot/cli/invite.js'
import { Harness } from '../support/harness.js'

describe('trusted roles', () => {
  let h: Harness

  beforeAll(async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋电梯按钮坏了好几个，按了没反应')
  })
  afterAll(async () => {
    await h.stop()
  })

  it('gives nothing to someone who renames themselves 彭书记', async () => {
    h.wechat.person('wxid_impostor', '彭书记')
    const before = h.botLines('彭书记').length
    h.wechat.say('wxid_impostor', '今日汇总', { to: h.demo.botId })
    await h.settle()
    const replies = h.botLines('彭书记').slice(before).filter((l) => l.toId === 'wxid_impostor')
    expect(replies.map((l) => l.text)).toEqual(['抱歉，这个操作只有书记或站长可以使用。'])
  })

  it('binds a one-time invite code to the contact id that sends it privately', async () => {
    expect(await h.ask('周大爷', '3栋业主群', '受理 #1')).toContain('抱歉')
    const code = await createInvite(h.db, h.app.community.id, ['property'], '物业老周', h.clock.now())
    expect(await h.ask('周大爷', '3栋业主群', `绑定 ${code}`)).toContain('请私聊我')
    expect(await h.ask('周大爷', null, `绑定 ${code.toLowerCase()}`)).toContain('绑定成功')
    expect(await h.ask('刘叔叔', null, `绑定 ${code}`)).toContain('无效或已经用过')
    expect(await h.ask('周大爷', '红管家服务驿站', '受理 #1', '3栋业主群')).toContain('#1 已受理')
    const member = await h.db.member.findFirstOrThrow({ where: { contactId: 'wxid_zhou_daye' } })
    expect(member.roles).toBe('property')
    // Both the code's creation and its use are in the audit log, naming who and what.
    const audit = await h.db.auditLog.findMany({ where: { action: { in: ['invite-created', 'role-bound'] } }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['invite-created', 'role-bound'])
    expect(audit[1]!.actor).toContain('wxid_zhou_daye')
    expect(audit[1]!.detail).toContain('物业老周，property')
  })
})
