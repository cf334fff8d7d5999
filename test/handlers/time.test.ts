import { describe, expect, it } from 'vitest'
import { comingSaturday, dayText, localDateKey, startOfLocalDay, startOfLocalWeek } from '../../handlers/time.js'
import { splitText } from '../../bot/outbox/enqueue.js'

const tz = 'Asia/Shanghai'

describe('calendar in the community timezone', () => {
  it('starts the day at local midnight whatever the server timezone', () => {
    // 23:30 UTC on the 20th is already the 21st in Shanghai.
    const t = new Date('2026-11-20T23:30:00Z')
    expect(localDateKey(t, tz)).toBe('2026-11-21')
    expect(startOfLocalDay(t, tz).toISOString()).toBe('2026-11-20T16:00:00.000Z')
  })
  it('starts the week on Monday', () => {
    expect(startOfLocalWeek(new Date('2026-11-21T04:00:00Z'), tz).toISOString()).toBe('2026-11-15T16:00:00.000Z')
  })
  it('finds the coming Saturday, today on a Saturday', () => {
    expect(localDateKey(comingSaturday(new Date('2026-11-18T04:00:00Z'), tz), tz)).toBe('2026-11-21')
    expect(localDateKey(comingSaturday(new Date('2026-11-21T10:00:00Z'), tz), tz)).toBe('2026-11-21')
    expect(localDateKey(comingSaturday(new Date('2026-11-22T01:00:00Z'), tz), tz)).toBe('2026-11-28')
    expect(dayText(new Date('2026-11-21T04:00:00Z'), tz)).toBe('11月21日（周六）')
  })
})

describe('splitText', () => {
  it('splits a long text near 1,800 characters at a line break, losing nothing', () => {
    const text = Array.from({ length: 300 }, (_, i) => `第${i}行：楼道灯已修好`).join('\n')
    const parts = splitText(text)
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1800)
    expect(parts.join('\n')).toBe(text)
  })
})
