import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../bot/clock.js'
import type { CaseRow } from '../../handlers/cases/case-store.js'
import { caseHistoryText, caseLineText, caseStatusText, combinedText, handlerNoticeText, statusPostText } from '../../handlers/cases/case-texts.js'
import { maskPersonalNumbers, redactPersonalNumbers } from '../../handlers/mask.js'

const HOTLINE = '0551-65321234'
const TZ = 'Asia/Shanghai'
/** The community's text settings, with the property hotline published. */
const TEXTS = { timezone: TZ, publicNumbers: [HOTLINE] }

/** A small seeded generator, so a failure can be replayed from its seed. */
function generator(seed: number) {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!
  const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('')
  const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
  return { int, pick, digits, fullWidth }
}

type Gen = ReturnType<typeof generator>

/** A mobile or landline number in one of the ways residents write them. */
function phone(g: Gen): string {
  const mobile = `1${g.pick(['3', '5', '7', '8', '9'])}${g.digits(9)}`
  const [a, b, c] = [mobile.slice(0, 3), mobile.slice(3, 7), mobile.slice(7)]
  const forms = [
    mobile, `${a}-${b}-${c}`, `${a} ${b} ${c}`, `+86 ${mobile}`, `+86${mobile}`, `86-${mobile}`, `${a}.${b}.${c}`,
    g.fullWidth(mobile), `0551-${g.int(2, 8)}${g.digits(7)}`, `(0551)${g.int(2, 8)}${g.digits(7)}`, `${g.int(2, 8)}${g.digits(7)}`,
  ]
  return g.pick(forms)
}

function idNumber(g: Gen): string {
  return g.pick([`${g.digits(17)}${g.pick(['X', 'x', String(g.int(0, 9))])}`, g.digits(15), g.fullWidth(g.digits(18))])
}

const SURNAMES = ['盛', '刘', '陈', '周', '吴', '欧阳', '司马', '王', '李', '张']
const GIVEN = ['国庆', '秀英', '建华', '小美', '德胜', '桂兰', '伟', '芳']
const HEALTH = ['糖尿病', '高血压', '心脏病', '抑郁症', '癌症', '中风', '透析', '阿尔茨海默']

/** Collapses separators between digits, so "138 1234 5678" counts as one run. */
const digitRuns = (text: string) =>
  text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/(?<=\d)[\s.\-()（）]+(?=\d)/g, '').replaceAll(HOTLINE.replace('-', ''), '')

describe('masking in every group-facing text, on generated input', () => {

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`leaves no resident digit run of 7 or more, no full name, no illness, no room in summaries (seed ${seed})`, () => {
      const g = generator(seed)
      for (let i = 0; i < 200; i++) {
        const name = `${g.pick(SURNAMES)}${g.pick(GIVEN)}`
        const room = `${g.int(1, 30)}0${g.int(1, 4)}`
        const illness = g.pick(HEALTH)
        const text = `${g.int(1, 20)}栋${room}，电话${phone(g)}，身份证${idNumber(g)}，家里老人有${illness}，${g.pick(['水管漏水了', '电梯坏了', '楼道灯不亮'])}。有事也可以打物业热线${HOTLINE}`
        const caseRow = {
          id: i, number: i + 1, communityId: 1, category: 'water', building: '3', unit: '2', room, urgency: 'normal', state: 'in_progress', text,
          reporterId: `wxid_${i}`, reporterName: name, groupId: 1, party: '物业', assigneeId: null, assigneeName: null, parserVersion: 'test',
          sourceMessage: null, respondBy: new Date('2026-11-20T12:00:00Z'), resolveBy: new Date('2026-11-23T12:00:00Z'), streetBy: new Date('2026-11-30T12:00:00Z'),
          createdAt: new Date('2026-11-20T08:00:00Z'), acceptedAt: null, resolvedAt: null, closedAt: null, anonymisedAt: null,
          updatedAt: new Date('2026-11-20T08:00:00Z'), overdueAt: null, escalationLevel: 0, discussedAt: null,
        } as unknown as CaseRow
        const events = [{ action: 'reported', actorId: `wxid_${i}`, actorName: name, fromState: null, toState: 'reported', note: text, at: caseRow.createdAt }]
        const now = new Date('2026-11-21T08:00:00Z')
        const neighbour = { id: 'wxid_neighbour', staff: false, inGroup: true }
        const texts = {
          notice: handlerNoticeText(caseRow, 'new', TEXTS),
          status: caseStatusText(caseRow, text, new ManualClock(now), TEXTS, neighbour),
          post: statusPostText('in_progress', caseRow.number, text, [HOTLINE]),
          history: caseHistoryText(caseRow, events, TEXTS, neighbour),
          combined: combinedText([handlerNoticeText(caseRow, 'new', TEXTS), statusPostText('resolved', caseRow.number, text, [HOTLINE])], 'notice'),
          line: caseLineText(caseRow, now, false),
        }
        for (const [where, out] of Object.entries(texts)) {
          const context = `${where} from ${JSON.stringify(text)}:\n${out}`
          expect(digitRuns(out), context).not.toMatch(/\d{7,}/)
          expect(out, context).not.toContain(name)
          expect(out, context).not.toContain(illness)
        }
        // No other resident's room, whether the case's own or one inside the words.
        for (const where of ['status', 'post', 'history', 'line'] as const) {
          expect(texts[where], texts[where]).not.toContain(`栋${room}`)
          expect(texts[where], texts[where]).not.toContain(`${room}室`)
        }
        // The hotline is public and stays readable wherever the resident's words are shown.
        expect(texts.post).toContain(HOTLINE)
        expect(texts.line).not.toContain(`${room}室`)
        expect(texts.history.split('\n')[0]).not.toContain(`${room}室`)
        // What would go to a language model carries placeholders instead of numbers.
        expect(digitRuns(redactPersonalNumbers(text, [HOTLINE]))).not.toMatch(/\d{7,}/)
      }
    })
  }

  it('writes masked mobiles as 138****5678 in every form', () => {
    for (const form of ['13812345678', '138-1234-5678', '138 1234 5678', '１３８１２３４５６７８', '+86 13812345678']) {
      expect(maskPersonalNumbers(`电话${form}`, [HOTLINE])).toMatch(/^电话(\+86 )?138\*{4}5678$/)
    }
    expect(maskPersonalNumbers('2026-11-21 上午', [HOTLINE])).toBe('2026-11-21 上午')
  })
})
