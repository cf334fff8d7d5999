import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../bot/clock.js'
import { loadCommunityConfig } from '../../bot/config/community-config.js'
import { Harness, testConfig } from '../support/harness.js'

const SPRING_FESTIVAL_2027 = ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13']

describe('a holiday calendar beyond the library\'s last year', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })
  const notes = () => h.botLines('彭书记').filter((l) => l.text.includes('节假日日历'))

  it('tells the operator once which year to add, and where the dates are published', async () => {
    h = await Harness.start({ clock: new ManualClock('2027-01-05T10:00:00+08:00') })
    await h.settle()
    expect(notes()).toHaveLength(1)
    expect(notes()[0]!.text).toContain('2027 年的法定节假日')
    expect(notes()[0]!.text).toContain('calendar')
    expect(notes()[0]!.text).toContain('国务院办公厅')
  })

  it('reads the station\'s calendar file: no note, and working-day deadlines skip its holidays', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'calendar-'))
    const holidays = SPRING_FESTIVAL_2027.map((d) => `  "${d}": 春节`).join('\n')
    writeFileSync(path.join(dir, '节假日.yaml'), `holidays:\n  "2027-01-01": 元旦\n${holidays}\nworkdays:\n  "2027-02-20": 春节\n`)
    writeFileSync(path.join(dir, 'community.yaml'), `community: 测试社区\ncalendar: 节假日.yaml\n`)
    const calendar = loadCommunityConfig(path.join(dir, 'community.yaml')).calendar
    h = await Harness.start({ config: testConfig({ calendar }), clock: new ManualClock('2027-02-05T10:00:00+08:00') })
    // A suggestion (low urgency: one working day to respond) on the Friday before the Spring Festival.
    await h.ask('刘叔叔', '3栋业主群', '建议在小区门口加装一个快递柜')
    const c = await h.db.case.findFirstOrThrow()
    expect(c.urgency).toBe('low')
    expect(c.respondBy).toEqual(new Date('2027-02-15T10:00:00+08:00'))
    await h.settle()
    expect(notes()).toHaveLength(0)
  })
})
