import { ManualClock } from '../../bot/clock.js'
import { afterEach, describe, expect, it } from 'vitest'
import { fireJob } from '../../bot/schedule/scheduler.js'
import { dailySummary } from '../../schedules/daily-summary.js'
import { Harness, sleep, until } from '../support/harness.js'
import { WebhookInbox } from '../support/webhook.js'


// Faults of the connection to WeChat, injected into the local WeChat behind the real puppet service.
describe('connection faults', () => {
  let h: Harness
  let webhook: WebhookInbox
  afterEach(async () => {
    await h.stop()
    await webhook.stop()
  })
  async function start(): Promise<void> {
    webhook = await WebhookInbox.start()
    h = await Harness.start({ env: { ALERT_WEBHOOK_URL: webhook.url } })
  }

  it('survives error events from the connection and goes on answering', async () => {
    await start()
    for (let i = 0; i < 5; i++) h.wechat.emitError(`puppet failure ${i}`)
    await sleep(300)
    expect(await h.ask('盛阿姨', '3栋业主群', '3栋101水管漏水了')).toContain('已登记 #1')
  })

  it('reconnects after the puppet service goes away and comes back, and loses nothing', async () => {
    await start()
    expect(await h.ask('盛阿姨', '3栋业主群', '3栋101水管漏水了')).toContain('已登记 #1')
    await h.wechat.stopService()
    await sleep(3000)
    await h.wechat.restartService()
    // Back well before the puppet's own one-minute watchdog would have noticed.
    await until(() => h.app.wechaty.isLoggedIn && !h.app.sender.pausedTill, 'the bot to be back', 30_000)
    const answer = await h.ask('刘叔叔', '3栋业主群', '3栋202楼道灯不亮了')
    expect(answer).toContain('已登记 #2')
    expect(await h.db.case.count()).toBe(2)
    // Reconnecting logs the puppet out for a moment: no alert, since the login came back.
    expect(webhook.texts).toEqual([])
  }, 60_000)

  it('pauses sending while logged out, alerts the operator once, and sends what waited after the next login', async () => {
    await start()
    await h.wechat.logout()
    await until(() => !h.app.wechaty.isLoggedIn, 'the logout to reach the bot')
    // The evening summary falls due while the account is out: queued, not sent.
    expect(await fireJob(dailySummary('0 20 * * *'), h.app.jobDeps, h.clock.now())).toBe('sent')
    await sleep(1500)
    expect(h.botLines('红管家服务驿站')).toHaveLength(0)
    expect(webhook.texts).toHaveLength(1)
    expect(webhook.texts[0]).toContain('退出登录')
    h.wechat.login(h.wechat.person(h.demo.botId, '红管家'))
    await h.waitForLine('红管家服务驿站', 0)
    await h.settle()
    expect(h.botLines('红管家服务驿站').map((l) => l.text)).toEqual([expect.stringContaining('今日')])
    // The operators are told privately too, once, after the login.
    expect(h.botLines('彭书记').filter((l) => l.text.includes('退出登录'))).toHaveLength(1)
    expect(webhook.texts).toHaveLength(1)
  }, 40_000)

  it('keeps serving a renamed group under its stable id', async () => {
    await start()
    const roomId = h.roomId('3栋业主群')
    const before = await h.db.chatGroup.findFirstOrThrow({ where: { roomId } })
    h.wechat.mocker.RoomMock.load(roomId).topic('幸福里三栋一家亲').by(h.wechat.mocker.ContactMock.load(h.personId('盛阿姨')))
    await until(async () => (await h.db.chatGroup.findFirstOrThrow({ where: { roomId } })).topic === '幸福里三栋一家亲', 'the rename to be recorded')
    expect(await h.ask('盛阿姨', '3栋业主群', '101水管漏水了', '幸福里三栋一家亲')).toContain('已登记 #1：给排水｜3栋。')
    const after = await h.db.chatGroup.findFirstOrThrow({ where: { roomId } })
    expect({ id: after.id, kind: after.kind, building: after.building }).toEqual({ id: before.id, kind: 'building', building: '3' })
  })

  it('keeps a configured staff group bound to its room: a residents\' group renamed to its old name gets no case and the operators hear of it', async () => {
    await start()
    const staffRoom = h.roomId('物业工作群')
    const dancers = h.roomId('广场舞爱好者群')
    const rename = (roomId: string, topic: string) => h.wechat.mocker.RoomMock.load(roomId).topic(topic).by(h.wechat.mocker.ContactMock.load(h.personId('盛阿姨')))
    rename(staffRoom, '物业维修群')
    await until(async () => (await h.db.chatGroup.findFirstOrThrow({ where: { roomId: staffRoom } })).topic === '物业维修群', 'the staff group\'s rename to be recorded')
    rename(dancers, '物业工作群')
    await until(() => h.botLines('彭书记').some((l) => l.text.includes('又有一个群改名叫「物业工作群」')), 'the operators to be told')
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元501卫生间漏水了，我电话13812345678')
    await h.settle()
    const said = (roomId: string) => h.wechat.transcript.filter((l) => l.fromId === h.demo.botId && l.roomId === roomId).map((l) => l.text).join('\n')
    expect(said(staffRoom)).toContain('新工单 #1')
    expect(said(dancers)).toBe('')
    // The impostor is not served as a staff group: staff commands said there get no answer.
    h.say('物业小王', null, '待办')
    h.wechat.say(h.personId('盛阿姨'), '受理 #1', { roomId: dancers })
    await h.settle()
    expect(said(dancers)).toBe('')
  })

  it('stops sending to a group it was removed from, alerts the operator, and serves it again when added back', async () => {
    await start()
    const roomId = h.roomId('3栋业主群')
    const room = h.wechat.mocker.RoomMock.load(roomId)
    const owner = h.wechat.mocker.ContactMock.load(h.personId('盛阿姨'))
    room.remove(h.wechat.mocker.ContactMock.load(h.demo.botId)).by(owner)
    await until(async () => (await h.db.chatGroup.findFirstOrThrow({ where: { roomId } })).leftAt !== null, 'the removal to be recorded')
    await until(() => webhook.texts.length === 1, 'the alert')
    expect(webhook.texts[0]).toContain('被移出了群「3栋业主群」')
    // A notice to every building group now leaves that group out.
    const answer = await h.ask('彭书记', null, '通知 周六上午停水')
    expect(answer).toContain('1 个楼栋群（12号楼邻里群）')
    await h.settle()
    expect(h.botLines('3栋业主群')).toHaveLength(0)
    expect(h.botLines('彭书记').filter((l) => l.text.includes('被移出了群'))).toHaveLength(1)
    room.add(h.wechat.mocker.ContactMock.load(h.demo.botId)).by(owner)
    await until(async () => (await h.db.chatGroup.findFirstOrThrow({ where: { roomId } })).leftAt === null, 'the return to be recorded')
    expect(await h.ask('盛阿姨', '3栋业主群', '3栋101水管漏水了')).toContain('已登记 #1')
  })

  it('resets the connection once and tells the operator when a busy community has gone silent for hours', async () => {
    webhook = await WebhookInbox.start()
    h = await Harness.start({ clock: new ManualClock('2026-11-20T15:00:00+08:00'), env: { ALERT_WEBHOOK_URL: webhook.url } })
    const communityId = h.app.community.id
    const now = h.clock.now().getTime()
    // Two weeks of about three messages an hour, the last one four hours ago.
    await h.db.inboundMessage.createMany({
      data: Array.from({ length: 600 }, (_, i) => ({
        communityId, wechatId: `history-${i}`, talkerId: 'wxid_sheng_ayi', talkerName: '盛阿姨', text: '大家好', kind: 'text', status: 'handled',
        receivedAt: new Date(now - 4 * 3_600_000 - i * 33 * 60_000),
      })),
    })
    const relogged = new Promise<void>((resolve) => h.app.wechaty.once('login', () => resolve()))
    expect(await h.app.checkSilence()).toBe(true)
    await relogged
    await h.settle()
    const told = h.botLines('彭书记').filter((l) => l.text.includes('没有收到任何群消息'))
    expect(told).toHaveLength(1)
    expect(told[0]!.text).toContain('已自动重连一次')
    expect(webhook.texts.filter((t) => t.includes('没有收到任何群消息'))).toHaveLength(1)
    // The same quiet spell: nothing more; once messages flow again and stop again, it would act again.
    expect(await h.app.checkSilence()).toBe(false)
    expect(await h.ask('盛阿姨', '3栋业主群', '3栋楼道灯不亮了')).toContain('已登记')
    expect(await h.app.checkSilence()).toBe(false)
  })
})
