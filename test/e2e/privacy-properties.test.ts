import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportCases } from '../../handlers/cases/export-cases.js'
import { Harness } from '../support/harness.js'

/** Characters no fixed text of the bot uses: three of them mark one resident's own words. */
const RARE = [...'鹦鹉仙人掌茉莉兰花金鱼乌龟刺猬蜥蜴锦鲤画眉八哥百灵鸽子蟋蟀蝈蝈文竹吊兰绿萝']
const surname = fc.constantFrom('欧阳', '司马', '诸葛', '上官', '慕容', '皇甫')
const given = fc.constantFrom('秀英', '建国', '桂兰', '志强', '玉珍', '德胜')
/** Rooms of four digits (10th floor and up), and phones whose last four never read as one. */
const room = fc.tuple(fc.integer({ min: 10, max: 28 }), fc.integer({ min: 1, max: 4 })).map(([floor, door]) => `${floor}0${door}`)
const phone = fc.tuple(fc.constantFrom('135', '158', '186'), fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 5000, max: 9999 })).map(([a, b, c]) => `${a}${b}${c}`)
const marker = fc.array(fc.constantFrom(...RARE), { minLength: 3, maxLength: 3 }).map((c) => c.join(''))
const resident = fc.record({ surname, given, room, phone, marker })
const fault = fc.constantFrom('家里停水了', '卫生间漏水，渗到楼下', '楼道灯不亮好几天了', '电梯按钮坏了按了没反应')

type Resident = { surname: string; given: string; room: string; phone: string; marker: string }
const secretsOf = (r: Resident) => [`${r.surname}${r.given}`, r.room, r.phone, r.marker]

// Two residents of 3栋 report (often the same fault, so one is merged into the other's case), staff
// post progress naming a room, and both ask about the case in the group and privately. Through the
// real Wechaty stack: whatever one resident reads shows none of the other's name, room, phone or
// words; the bot's group posts and the summary show nobody's, the masked export nobody's name, room or phone.
describe('privacy over generated reports', () => {
  let h: Harness
  beforeAll(async () => {
    h = await Harness.start()
  })
  afterAll(async () => {
    await h.stop()
  })

  it('never shows one resident another\'s name, room, phone or words, in any group post, answer, summary or export', async () => {
    let run = 0
    let merged = 0
    await fc.assert(
      fc.asyncProperty(resident, resident, fault, fault, fc.boolean(), async (a, b, faultA, otherFault, neighbour) => {
        // A neighbour with the same fault and no room of their own is merged into the first case.
        const faultB = neighbour ? faultA : otherFault
        fc.pre(a.room !== b.room && a.marker !== b.marker && a.phone !== b.phone && `${a.surname}${a.given}` !== `${b.surname}${b.given}`)
        run++
        const ids = { a: `wxid_gen_a${run}`, b: `wxid_gen_b${run}` }
        h.wechat.person(ids.a, `${a.surname}${a.given}`)
        h.wechat.person(ids.b, `${b.surname}${b.given}`)
        const group = h.roomId('3栋业主群')
        const station = h.roomId('红管家服务驿站')
        const since = h.wechat.transcript.length
        const words = (text: string) => text.replace(/^(@\S+[\s\u2005])+/, '')
        const ask = async (who: 'a' | 'b', text: string, inGroup: boolean): Promise<string> => {
          await h.settle(100)
          const mine = () => h.wechat.transcript.filter((l) => l.fromId === h.demo.botId && (inGroup ? l.roomId === group : l.toId === ids[who]))
          const before = mine().length
          h.wechat.say(ids[who], text, inGroup ? { roomId: group } : { to: h.demo.botId })
          for (let i = 0; i < 300 && mine().length === before; i++) await new Promise((r) => setTimeout(r, 25))
          return words(mine()[before]?.text ?? '')
        }
        await ask('a', `3栋2单元${a.room}${faultA}，${a.marker}，电话${a.phone}`, true)
        await ask('b', `3栋2单元${neighbour ? '' : b.room}${faultB}，${b.marker}，我电话${b.phone}`, true)
        await h.settle(100)
        const caseA = await h.db.case.findFirst({ where: { reporterId: ids.a } })
        if (caseA && (await h.db.caseReporter.count({ where: { caseId: caseA.id, contactId: ids.b } }))) merged++
        const readByB: string[] = []
        const readByA: string[] = []
        if (caseA) {
          await h.ask('物业小王', null, `进展 #${caseA.number} 师傅下午去3栋2单元${a.room}查看`)
          for (const inGroup of [true, false]) {
            readByB.push(await ask('b', `查询 #${caseA.number}`, inGroup), await ask('b', `查询 #${caseA.number} 详情`, inGroup))
            readByA.push(await ask('a', `查询 #${caseA.number} 详情`, inGroup))
          }
        }
        readByB.push(await ask('b', '我的工单', true))
        readByA.push(await ask('a', '我的工单', true))
        const summary = await h.ask('彭书记', '红管家服务驿站', '今日汇总')
        await h.settle(100)
        // A post's leading @ is WeChat's own mention of a member by the name the group already shows: the text after it is the bot's.
        const groupPosts = h.wechat.transcript.slice(since).filter((l) => l.fromId === h.demo.botId && (l.roomId === group || l.roomId === station)).map((l) => words(l.text))
        const now = h.clock.now()
        const { csv } = await exportCases(h.db, h.app.community.id, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 86_400_000), { full: false, timeZone: 'Asia/Shanghai', publicNumbers: [], now })
        for (const secret of secretsOf(a)) for (const text of readByB) expect(text, `B read ${secret}`).not.toContain(secret)
        for (const secret of secretsOf(b)) for (const text of readByA) expect(text, `A read ${secret}`).not.toContain(secret)
        for (const secret of [...secretsOf(a), ...secretsOf(b)]) {
          for (const text of [...groupPosts, summary]) expect(text, `a group read ${secret}`).not.toContain(secret)
        }
        // The masked export is the staff's: the words stay (masked), never a full name, a room or a phone.
        for (const secret of [a, b].flatMap((r) => [`${r.surname}${r.given}`, r.room, r.phone])) expect(csv, `the masked export holds ${secret}`).not.toContain(secret)
      }),
      { numRuns: 10, seed: 20261207, endOnFailure: true },
    )
    // The runs include neighbours merged into one case, where their words sit in the same history.
    expect(merged).toBeGreaterThan(0)
  }, 300_000)
})
