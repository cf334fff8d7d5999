import { describe, expect, it } from 'vitest'
import { communityConfigSchema } from '../../../handlers/community/config-schema.js'
import { calendarNoticeText, redSaturdayOf } from '../../../handlers/volunteers/red-saturday.js'

const config = (redSaturday: Record<string, string> = {}) => communityConfigSchema(() => true).parse({ community: '测试社区', redSaturday })
const at = (iso: string) => new Date(`${iso}+08:00`)

describe('Red Saturday on China’s calendar', () => {
  it('is the coming Saturday in an ordinary week', () => {
    const plan = redSaturdayOf(at('2026-11-18T10:00:00'), config())
    expect(plan).toMatchObject({ key: '2026-11-21', dayKey: '2026-11-21', status: 'normal', skipped: [] })
    expect(calendarNoticeText(plan)).toBeNull()
  })

  it('skips a public holiday and moves off a make-up workday to the Sunday, by default', () => {
    // 10月3日 is in the National Day holiday; 10月10日 is the make-up workday after it.
    const plan = redSaturdayOf(at('2026-10-02T18:00:00'), config())
    expect(plan).toMatchObject({ key: '2026-10-10', dayKey: '2026-10-11', status: 'moved', reason: '国庆节调休上班日' })
    expect(plan.skipped.map((s) => [s.key, s.reason])).toEqual([['2026-10-03', '国庆节假期']])
    expect(calendarNoticeText(plan)).toBe('10月3日（周六）是国庆节假期，红周六暂停一次；10月10日（周六）是国庆节调休上班日，红周六改到10月11日（周日）。')
  })

  it('is still the moved week on that Sunday, and next week on the Monday', () => {
    expect(redSaturdayOf(at('2026-10-11T09:00:00'), config())).toMatchObject({ key: '2026-10-10', dayKey: '2026-10-11' })
    expect(redSaturdayOf(at('2026-10-12T09:00:00'), config())).toMatchObject({ key: '2026-10-17', status: 'normal' })
  })

  it('skips a make-up Saturday whose Sunday is a holiday too', () => {
    // 2月14日 is a make-up workday and 2月15日 already the Spring Festival holiday.
    const plan = redSaturdayOf(at('2026-02-13T18:00:00'), config())
    expect(plan.skipped[0]).toMatchObject({ key: '2026-02-14', reason: '春节调休上班日' })
    expect(plan.key).not.toBe('2026-02-14')
  })

  it('follows the configuration: keep, skip, or Sunday', () => {
    expect(redSaturdayOf(at('2026-10-02T18:00:00'), config({ onHoliday: 'keep' }))).toMatchObject({ key: '2026-10-03', status: 'normal' })
    const skipBoth = redSaturdayOf(at('2026-05-08T18:00:00'), config({ onMakeupWorkday: 'skip' }))
    expect(skipBoth.skipped.map((s) => s.key)).toEqual(['2026-05-09'])
    expect(skipBoth.key).toBe('2026-05-16')
    expect(redSaturdayOf(at('2026-05-08T18:00:00'), config({ onMakeupWorkday: 'keep' }))).toMatchObject({ key: '2026-05-09', status: 'normal' })
  })

  it('refuses an unknown rule in the config', () => {
    expect(communityConfigSchema(() => true).safeParse({ community: 'x', redSaturday: { onHoliday: 'monday' } }).success).toBe(false)
  })
})
