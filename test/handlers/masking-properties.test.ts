import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CaseRow } from '../../handlers/cases/case-store.js'
import { caseHistoryText, caseStatusText, statusPostText } from '../../handlers/cases/case-texts.js'
import { ManualClock } from '../../bot/clock.js'
import { maskForOthers } from '../../handlers/mask.js'

const TEXTS = { timezone: 'Asia/Shanghai', publicNumbers: [] }
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))
const room = fc.tuple(fc.integer({ min: 1, max: 33 }), fc.integer({ min: 1, max: 4 })).map(([floor, door]) => `${floor}0${door}`)
const building = fc.integer({ min: 1, max: 30 })
/** A room the way residents write it, with the room itself. */
const place = fc.tuple(building, fc.integer({ min: 1, max: 6 }), room).chain(([b, u, r]) =>
  fc.constantFrom(`${b}栋${u}单元${r}`, `${b}-${u}-${r}`, `${b}-${r}`, `${b}栋${r}`, `${b}号楼${r}室`, `${r}室`, `住${r}`, `${b}栋${u}单元的${r}`).map((text) => ({ text, room: r })),
)
const phone = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), digits(9)).chain(([p, d]) => {
  const m = `${p}${d}`
  return fc.constantFrom(m, `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, `+86${m}`)
})
const idNumber = fc.tuple(digits(17), fc.constantFrom('X', '0', '7')).map(([d, last]) => `${d}${last}`)
const surname = fc.constantFrom('盛', '刘', '陈', '欧阳', '王')
const given = fc.constantFrom('国庆', '秀英', '建华', '桂兰')
const fault = fc.constantFrom('卫生间漏水了', '楼道灯不亮', '门口垃圾没人清', '电梯又坏了')

/** A resident's words with a room, a phone and an ID number in them, and who wrote them. */
const report = fc.record({ place, phone, id: idNumber, name: fc.tuple(surname, given).map(([a, b]) => a + b), fault }).map((r) => ({
  ...r,
  text: `${r.place.text}${r.fault}，电话${r.phone}，身份证${r.id}，我是${r.name}`,
}))

/** The room as a number of its own (not a piece of a longer, masked number). */
const showsRoom = (text: string, room: string) => new RegExp(`(?<![\\d*])${room}(?![\\d*])`).test(text)
const digitRuns = (text: string) => text.replace(/(?<=\d)[\s.\-+]+(?=\d)/g, '')

function caseOf(text: string, reporterName: string, roomNumber: string): CaseRow {
  const at = new Date('2026-11-20T02:00:00Z')
  return {
    id: 1, number: 7, communityId: 1, category: 'water', building: '3', unit: '2', room: roomNumber, urgency: 'normal', state: 'in_progress', text,
    reporterId: 'wxid_reporter', reporterName, groupId: 1, party: '物业', assigneeId: null, assigneeName: null, parserVersion: 'test', sourceMessage: null,
    respondBy: at, resolveBy: at, streetBy: at, createdAt: at, acceptedAt: null, resolvedAt: null, closedAt: null, anonymisedAt: null, updatedAt: at,
    overdueAt: null, escalationLevel: 0, discussedAt: null,
  } as unknown as CaseRow
}

describe('what other residents may read, over generated reports', () => {
  it('a neighbour\'s words shown to others carry no room, phone or ID number', () => {
    fc.assert(
      fc.property(report, (r) => {
        const out = maskForOthers(r.text, [])
        expect(showsRoom(out, r.place.room), out).toBe(false)
        expect(digitRuns(out)).not.toMatch(/\d{7,}/)
        expect(out).toContain(r.fault)
      }),
      { numRuns: 500 },
    )
  })
  it('a co-reporter\'s view and the group\'s posts show no other resident\'s full name, room, words or numbers', () => {
    fc.assert(
      fc.property(report, (r) => {
        const c = caseOf(r.text, r.name, r.place.room)
        const events = [{ action: 'reported', actorId: 'wxid_reporter', actorName: r.name, fromState: null, toState: 'reported', note: r.text, at: c.createdAt }]
        const neighbour = { id: 'wxid_neighbour', staff: false, inGroup: false }
        const views = [
          caseHistoryText(c, events, TEXTS, neighbour),
          caseStatusText(c, `师傅已去${r.place.text}看过，${r.phone}`, new ManualClock(c.createdAt), TEXTS, neighbour),
          statusPostText('in_progress', 7, `已联系${r.place.text}的住户`, []),
        ]
        for (const view of views) {
          expect(view).not.toContain(r.name)
          expect(showsRoom(view, r.place.room), view).toBe(false)
          expect(view).not.toContain(r.fault)
          expect(digitRuns(view)).not.toMatch(/\d{7,}/)
        }
      }),
      { numRuns: 300 },
    )
  })
})
