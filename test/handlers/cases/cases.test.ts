import { describe, expect, it } from 'vitest'
import { ackText, locationText } from '../../../handlers/cases/case-texts.js'
import { addDuration, deadlinesFor, isOverdue } from '../../../handlers/cases/deadlines.js'
import { NO_ADDITIONS } from '../../../handlers/calendar.js'
import { testConfig } from '../../support/harness.js'
import { maskName, maskPersonalNumbers } from '../../../handlers/mask.js'

const at = new Date('2026-11-20T02:00:00Z')

const defaults = testConfig()
const TZ = 'Asia/Shanghai'
const local = (iso: string) => new Date(`${iso}+08:00`)

describe('deadlines', () => {
  it('gives urgent cases 30 minutes to respond and a day to resolve, and the street twice that', () => {
    const d = deadlinesFor('urgent', at, defaults)
    expect(d.respondBy.getTime() - at.getTime()).toBe(30 * 60_000)
    expect(d.resolveBy.getTime() - at.getTime()).toBe(24 * 3600_000)
    expect(d.streetBy.getTime() - at.getTime()).toBe(48 * 3600_000)
  })
  it('gives normal cases 4 hours and 3 days', () => {
    const d = deadlinesFor('normal', at, defaults)
    expect(d.respondBy.getTime() - at.getTime()).toBe(4 * 3600_000)
    expect(d.resolveBy.getTime() - at.getTime()).toBe(3 * 86400_000)
  })
  it('counts low cases in working days on China\'s calendar', () => {
    // Friday 2026-11-20 10:00 → 1 working day is Monday 10:00; 7 working days is Tuesday 12-01.
    const friday = deadlinesFor('low', local('2026-11-20T10:00:00'), defaults)
    expect(friday.respondBy).toEqual(local('2026-11-23T10:00:00'))
    expect(friday.resolveBy).toEqual(local('2026-12-01T10:00:00'))
  })
  it('skips the National Day holiday and works the make-up Saturday (调休)', () => {
    // 2026-09-30 (Wed) → the next working day is 10-08, then 10-09 and the make-up workday Saturday 10-10.
    expect(addDuration(local('2026-09-30T15:00:00'), '1wd', TZ, NO_ADDITIONS)).toEqual(local('2026-10-08T15:00:00'))
    expect(addDuration(local('2026-09-30T15:00:00'), '3wd', TZ, NO_ADDITIONS)).toEqual(local('2026-10-10T15:00:00'))
  })
  it('counts working days in a year the library does not know from the station\'s calendar', () => {
    // 2027: without additions every weekday is a workday; with the Spring Festival added, 2-08 … 2-12 are not.
    const calendar = { holidays: Object.fromEntries(['2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((d) => [d, '春节'])), workdays: { '2027-02-20': '春节' } }
    expect(addDuration(local('2027-02-05T09:00:00'), '1wd', TZ, NO_ADDITIONS)).toEqual(local('2027-02-08T09:00:00'))
    expect(addDuration(local('2027-02-05T09:00:00'), '1wd', TZ, calendar)).toEqual(local('2027-02-15T09:00:00'))
    // Saturday 2-20 is a make-up workday: the working day after Friday 2-19.
    expect(addDuration(local('2027-02-19T09:00:00'), '1wd', TZ, calendar)).toEqual(local('2027-02-20T09:00:00'))
  })
  it('reads configured durations in minutes, hours and days', () => {
    expect(addDuration(at, '90m', TZ, NO_ADDITIONS).getTime() - at.getTime()).toBe(90 * 60_000)
    expect(addDuration(at, '2h', TZ, NO_ADDITIONS).getTime() - at.getTime()).toBe(2 * 3600_000)
    expect(addDuration(at, '1.5d', TZ, NO_ADDITIONS).getTime() - at.getTime()).toBe(36 * 3600_000)
  })
  it('marks an unaccepted case overdue after the response deadline, an accepted one after the resolution deadline', () => {
    const d = deadlinesFor('normal', at, defaults)
    const later = new Date(at.getTime() + 5 * 3600_000)
    expect(isOverdue({ state: 'reported', ...d }, later)).toBe(true)
    expect(isOverdue({ state: 'accepted', ...d }, later)).toBe(false)
    expect(isOverdue({ state: 'accepted', ...d }, new Date(at.getTime() + 4 * 86400_000))).toBe(true)
    expect(isOverdue({ state: 'resolved', ...d }, new Date(at.getTime() + 9 * 86400_000))).toBe(false)
  })
})

describe('case texts', () => {
  it('writes places the way residents do', () => {
    expect(locationText({ building: '3', unit: '2', room: '501' })).toBe('3栋2单元501室')
    expect(locationText({ building: 'A', unit: null, room: '1806' }, false)).toBe('A座')
    expect(locationText({ building: null, unit: null, room: null })).toBe('未注明位置')
  })
  it('acknowledges with number, category, place, urgency and handler', () => {
    const caseRow = { number: 7, category: 'water', building: '3', unit: null, room: '501', urgency: 'urgent', party: '物业', assigneeName: null } as never
    expect(ackText(caseRow, '物业小王', false)).toBe('已登记 #7：给排水｜3栋501室，紧急。由物业（物业小王）负责处理，回复「查询 #7」可看进度。')
    // In a group the neighbours read along: no room.
    expect(ackText(caseRow, '物业小王')).toBe('已登记 #7：给排水｜3栋，紧急。由物业（物业小王）负责处理，回复「查询 #7」可看进度。')
  })
})

describe('masking', () => {
  it('masks mobile numbers in the ways people write them, and ID numbers', () => {
    expect(maskPersonalNumbers('电话13812345678', [])).toBe('电话138****5678')
    expect(maskPersonalNumbers('电话 138-1234-5678', [])).toBe('电话 138****5678')
    expect(maskPersonalNumbers('身份证34010419900101123X', [])).toBe('身份证340104********123X')
    expect(maskPersonalNumbers('物业热线 0551-65321234', [])).toBe('物业热线 055*****1234')
    expect(maskPersonalNumbers('物业热线 0551-65321234', ['0551-65321234'])).toBe('物业热线 0551-65321234')
    expect(maskPersonalNumbers('我家座机 0551-62876543', ['0551-65321234'])).toBe('我家座机 055*****6543')
  })
  it('keeps only the family name', () => {
    expect(maskName('盛国庆')).toBe('盛**')
  })
})
