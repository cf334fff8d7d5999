import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../bot/clock.js'
import { BOT_ID } from '../../bot/sim/demo-community.js'
import { LocalWeChat, type ChatLine } from '../../bot/sim/local-wechat.js'
import { Harness, tempDatabaseUrl, until, sleep } from '../support/harness.js'

const STANDBY_ID = 'wxid_beiyong_bot'
const STREET = '3栋业主群'

// Two WeChat accounts in the same groups: the main one answers, the standby (its own local
// WeChat and its own puppet-service connection, the same database) hears everything and says
// nothing until the main account fails; then it takes over without a report lost or answered twice.
describe('a standby account beside the main one', () => {
  let main: Harness | undefined
  let standby: Harness | undefined

  afterEach(async () => {
    await standby?.stop()
    await main?.stop()
    main = standby = undefined
  })

  /** Both accounts, each on its own local WeChat, with each account's group lines heard by the other as in WeChat. */
  async function start(): Promise<{ main: Harness; standby: Harness; clock: ManualClock }> {
    const clock = new ManualClock('2026-11-20T10:00:00+08:00')
    const databaseUrl = tempDatabaseUrl()
    main = await Harness.start({ clock, databaseUrl })
    standby = await Harness.start({
      clock, databaseUrl, standby: true, botId: STANDBY_ID, wechat: await LocalWeChat.start(),
      env: { BOT_ROLE: 'standby', STANDBY_GRACE_SECONDS: '2', STANDBY_DEAF_SECONDS: '60' },
    })
    const mirror = (from: Harness, to: Harness, botId: string) => from.wechat.onLine((line) => {
      if (line.fromId === botId && line.roomId) to.wechat.deliver({ personId: botId, roomId: line.roomId, text: line.text })
    })
    // Each account is a member of the groups in the other's WeChat too.
    main.wechat.person(STANDBY_ID, '红管家')
    mirror(main, standby, BOT_ID)
    mirror(standby, main, STANDBY_ID)
    await until(() => standby!.app.listening() && standby!.app.wechaty.isLoggedIn, 'the standby account listens')
    return { main, standby, clock }
  }

  /** A resident speaks in a group; `to` names which accounts hear it (a banned one hears nothing). */
  function say(to: Harness[], name: string, text: string, group = STREET): void {
    for (const h of to) h.wechat.deliver({ personId: h.personId(name), roomId: h.roomId(group), text })
  }

  const said = (h: Harness, pattern: RegExp, where?: string): ChatLine[] => h.botLines(where).filter((l) => pattern.test(l.text))
  const acks = (h: Harness, n: number) => said(h, new RegExp(`已登记 #${n}[：，]`), STREET)
  const stored = (h: Harness, text: string) => h.db.inboundMessage.findMany({ where: { text }, select: { status: true } }).then((rows) => rows.map((r) => r.status).sort())

  it('takes over when the main account is logged out for good: the report said in the gap is registered, nothing is answered twice, and the main account comes back as the standby', async () => {
    const { main, standby } = await start()
    const first = '3栋2单元电梯坏了，停在5楼不动了'
    say([main, standby], '盛阿姨', first)
    await until(() => acks(main, 1).length > 0, 'the main account answers the first report')
    // Heard by both, one message: the standby's copy is matched to the main account's and set aside.
    await until(async () => (await stored(main, first)).join() === 'copy,handled', 'the standby copy is matched')
    expect(standby.botLines()).toEqual([])

    await main.wechat.logout()
    const gap = '3栋1单元楼道灯坏了，晚上一片黑'
    say([standby], '刘叔叔', gap)
    await until(() => acks(standby, 2).length > 0, 'the standby account registers the report said in the gap', 30_000)
    expect(standby.botLines(STREET).filter((l) => l.text.includes(gap.slice(0, 4)) || /已登记 #2/.test(l.text))).toHaveLength(1)
    expect(await main.app.lease.state().then((s) => s?.holder)).toBe(standby.app.lease.holder)

    const next = '3栋门口的垃圾两天没人收了，味道很大'
    say([standby], '盛阿姨', next)
    await until(() => acks(standby, 3).length > 0, 'the standby answers the next report')

    // The operators hear of it once, privately and in the station group.
    await until(() => said(standby, /备用微信号已经接手/, '彭书记').length > 0, 'the secretary is told privately')
    await until(() => said(standby, /换成了备用号/, '红管家服务驿站').length > 0, 'the station group is told')

    // The main account is back: it listens as the standby now, and says nothing.
    await until(() => main.app.listening(), 'the main process listens after losing the connection')
    main.wechat.login(main.wechat.mocker.ContactMock.load(BOT_ID))
    await until(() => main.app.wechaty.isLoggedIn, 'the main account logs in again')
    const later = '12号楼前面的路灯也不亮了'
    say([main, standby], '陈小美', later, '12号楼邻里群')
    await until(() => said(standby, /已登记 #4[：，]/, '12号楼邻里群').length > 0, 'the standby, now active, answers')
    await until(async () => (await stored(main, later)).join() === 'copy,handled', 'the returning account only listens')
    await sleep(1500)

    expect(main.botLines().filter((l) => l.roomId !== null).map((l) => l.text).filter((t) => /已登记/.test(t))).toHaveLength(1)
    expect([1, 2, 3].map((n) => acks(main, n).length + acks(standby, n).length)).toEqual([1, 1, 1])
    expect(said(standby, /备用微信号已经接手/, '彭书记')).toHaveLength(1)
    expect(said(standby, /换成了备用号/, '红管家服务驿站')).toHaveLength(1)
    expect(await main.db.case.count()).toBe(4)
    expect(main.app.lease.held).toBe(false)
  }, 120_000)

  it('takes over when the main account is removed from a served group, and serves that group again', async () => {
    const { main, standby } = await start()
    const roomId = main.roomId(STREET)
    const owner = main.wechat.mocker.ContactMock.load(main.personId('盛阿姨'))
    main.wechat.mocker.RoomMock.load(roomId).remove(main.wechat.mocker.ContactMock.load(BOT_ID)).by(owner)
    await until(async () => (await main.db.chatGroup.findFirst({ where: { roomId } }))?.leftAt != null, 'the removal is recorded')
    say([standby], '刘叔叔', '3栋1单元楼道灯坏了，晚上一片黑')
    await until(() => acks(main, 1).length + acks(standby, 1).length === 1, 'the standby registers the report in the group the main account left', 30_000)
    expect((await main.db.chatGroup.findFirst({ where: { roomId } }))?.leftAt).toBeNull()
    // Told once, by whichever account sends first as the connection changes hands (the main one is still logged in).
    const toldWhy = () => said(main, /被移出了服务的群/, '彭书记').length + said(standby, /被移出了服务的群/, '彭书记').length
    await until(() => toldWhy() > 0, 'the secretary is told why')
    await sleep(1000)
    expect(toldWhy()).toBe(1)
    await sleep(1000)
    expect(acks(main, 1).length + acks(standby, 1).length).toBe(1)
    expect(await main.db.case.count()).toBe(1)
  }, 120_000)

  it('takes over when the main account stops hearing the groups while they talk, and handles what only it heard', async () => {
    const { main, standby, clock } = await start()
    say([main, standby], '盛阿姨', '3栋2单元电梯坏了，停在5楼不动了')
    await until(() => acks(main, 1).length > 0, 'the main account answers')
    // Still logged in, but nothing reaches it any more; the groups go on talking.
    clock.advance(1000)
    const deaf = ['3栋1单元楼道灯坏了，晚上一片黑', '3栋门口的垃圾两天没人收了，味道很大', '3栋地下车库漏水了，地上全是水']
    for (const text of deaf) say([standby], '刘叔叔', text)
    await sleep(3000)
    expect(standby.app.listening(), 'a minute of deafness is not yet failure').toBe(true)
    clock.advance(61_000)
    await until(() => !standby.app.listening() && standby.app.lease.held, 'the standby takes over', 20_000)
    // The main account, still logged in, may send some of them in the seconds before it sees the lease gone: never twice.
    await until(() => [2, 3, 4].every((n) => acks(main, n).length + acks(standby, n).length === 1), 'each report only the standby heard is registered once')
    await until(() => main.app.listening(), 'the deaf account stands down and listens')
    await sleep(1500)
    expect([1, 2, 3, 4].map((n) => acks(main, n).length + acks(standby, n).length)).toEqual([1, 1, 1, 1])
    expect(await main.db.case.count()).toBe(4)
    // Told once; the account it comes from is whichever sends first as the connection changes hands.
    await until(() => said(main, /收不到群里的消息/, '彭书记').length + said(standby, /收不到群里的消息/, '彭书记').length > 0, 'the secretary is told')
    await sleep(1000)
    expect(said(main, /收不到群里的消息/, '彭书记').length + said(standby, /收不到群里的消息/, '彭书记').length).toBe(1)
  }, 120_000)
})
