import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createInvite } from '../../bot/cli/invite.js'
import { Harness, testConfig } from '../support/harness.js'
import { dashboardClient } from '../support/dashboard-client.js'

const DAY = 24 * 3600_000

const dashboardCookie = (h: Harness, name: string): Promise<string> => dashboardClient(h).cookieOf(name)
const dashboardStatus = async (h: Harness, cookie: string) => (await fetch(`${h.app.dashboard!.url}/`, { headers: { cookie: `hg_dashboard=${cookie}` }, redirect: 'manual' })).status

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

describe('roles taken away', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })

  it('takes a member dropped from the community file their roles and dashboard sessions at the next start', async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了')
    const cookie = await dashboardCookie(h, '物业小王')
    expect(await dashboardStatus(h, cookie)).toBe(200)
    const config = h.config
    const wang = h.personId('物业小王')
    await h.stop({ keepWeChat: true })
    const without = testConfig({ members: config.members.filter((m) => m.name !== '物业小王'), parties: {} })
    h = await Harness.start({ wechat: h.wechat, databaseUrl: h.databaseUrl, config: without })
    // No longer in the file, he is no longer in the demo's cast: he speaks by his contact id.
    const ask = async (text: string) => {
      const before = h.botLines('物业小王').length
      h.wechat.say(wang, text, { to: h.demo.botId })
      return h.waitForLine('物业小王', before)
    }
    expect(await ask('受理 #1')).toContain('需要工作人员身份')
    expect(await ask('看板')).toContain('只对驿站工作人员开放')
    expect(await dashboardStatus(h, cookie)).toBe(401)
    expect(await h.db.dashboardSession.count({ where: { revokedAt: null } })).toBe(0)
    expect((await h.db.case.findFirstOrThrow({ where: { number: 1 } })).state).toBe('reported')
    expect(await h.db.auditLog.count({ where: { action: 'role-revoked', detail: { contains: '物业小王' } } })).toBe(1)
  })

  it('lets a secretary revoke a role given by invite code, ending its sessions; other people cannot', async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了')
    const code = await createInvite(h.db, h.app.community.id, ['building_head'], '周楼长', h.clock.now(), ['3'])
    expect(await h.ask('周大爷', null, `绑定 ${code}`)).toContain('楼栋长，负责 3栋')
    // Bound by invite with a building, he is a building head of 3栋 in full: his 待办 lists its cases.
    expect(await h.ask('周大爷', null, '待办')).toContain('#1')
    const cookie = await dashboardCookie(h, '周大爷')
    expect(await h.ask('物业小王', null, '撤销 周楼长')).toContain('只有书记或站长')
    expect(await h.ask('彭书记', null, '撤销 物业小王')).toContain('配置文件')
    expect(await h.ask('彭书记', null, '撤销')).toContain('请写明撤销谁的身份')
    expect(await h.ask('彭书记', null, '撤销 周楼长')).toContain('已撤销周楼长的身份（楼栋长），他的 1 个看板登录已失效')
    expect(await dashboardStatus(h, cookie)).toBe(401)
    expect(await h.ask('周大爷', null, '待办')).toContain('需要工作人员身份')
    expect(await h.db.auditLog.count({ where: { action: 'role-revoked' } })).toBe(1)
  })

  it('refuses an invite code older than its validity (7 days by default)', async () => {
    h = await Harness.start()
    const code = await createInvite(h.db, h.app.community.id, ['property'], '物业老周', h.clock.now())
    h.clock.advance(8 * DAY)
    expect(await h.ask('周大爷', null, `绑定 ${code}`)).toContain('邀请码已过期（生成后 7 天内有效）')
    expect(await h.db.member.count({ where: { contactId: h.personId('周大爷') } })).toBe(0)
  })

  it('lets a secretary revoke an invited role on the dashboard\'s 人员 page; a property worker cannot', async () => {
    h = await Harness.start()
    const code = await createInvite(h.db, h.app.community.id, ['volunteer', 'building_head'], '周楼长', h.clock.now(), ['3'])
    await h.ask('周大爷', null, `绑定 ${code}`)
    const zhou = await dashboardCookie(h, '周大爷')
    const base = h.app.dashboard!.url
    const post = (cookie: string, fields: Record<string, string>) => fetch(`${base}/people/revoke`, { method: 'POST', headers: { cookie: `hg_dashboard=${cookie}` }, body: new URLSearchParams(fields), redirect: 'manual' })
    const formOf = async (cookie: string) => {
      const page = await (await fetch(`${base}/people`, { headers: { cookie: `hg_dashboard=${cookie}` } })).text()
      return { page, csrf: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '', nonce: /name="nonce" value="([^"]+)"/.exec(page)?.[1] ?? '' }
    }
    const wang = await dashboardCookie(h, '物业小王')
    const asWang = await formOf(wang)
    expect(asWang.page).toContain('周楼长')
    expect(asWang.page).not.toContain('撤销身份')
    expect((await post(wang, { _csrf: asWang.csrf, nonce: 'abcdefgh1234', contact: h.personId('周大爷') })).status).toBe(403)
    expect(await dashboardStatus(h, zhou)).toBe(200)
    const peng = await dashboardCookie(h, '彭书记')
    const asPeng = await formOf(peng)
    expect(asPeng.page).toContain('撤销身份')
    expect((await post(peng, { _csrf: asPeng.csrf, nonce: asPeng.nonce, contact: h.personId('周大爷') })).status).toBe(303)
    expect((await formOf(peng)).page).toContain('已撤销周楼长的身份（志愿者、楼栋长）')
    expect(await dashboardStatus(h, zhou)).toBe(401)
    expect(await h.db.member.count({ where: { contactId: h.personId('周大爷') } })).toBe(0)
  })
})
