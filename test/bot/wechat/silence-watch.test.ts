import { describe, expect, it } from 'vitest'
import { silenceIsSuspicious } from '../../../bot/wechat/silence-watch.js'

const TZ = 'Asia/Shanghai'
const at = (iso: string) => new Date(`${iso}+08:00`)
const busy = 14 * 14 * 3 // three messages an hour of daytime, over two weeks

describe('a silence that may be a lost connection', () => {
  it('is three quiet hours in the daytime where the groups are usually busy', () => {
    expect(silenceIsSuspicious({ now: at('2026-11-20T15:00:00'), timeZone: TZ, lastMessageAt: at('2026-11-20T11:50:00'), messagesInHistory: busy })).toBe(true)
  })
  it('is not a shorter quiet, a quiet night, a quiet community or one that never spoke', () => {
    expect(silenceIsSuspicious({ now: at('2026-11-20T15:00:00'), timeZone: TZ, lastMessageAt: at('2026-11-20T12:30:00'), messagesInHistory: busy })).toBe(false)
    expect(silenceIsSuspicious({ now: at('2026-11-21T03:00:00'), timeZone: TZ, lastMessageAt: at('2026-11-20T22:30:00'), messagesInHistory: busy })).toBe(false)
    expect(silenceIsSuspicious({ now: at('2026-11-20T15:00:00'), timeZone: TZ, lastMessageAt: at('2026-11-20T08:00:00'), messagesInHistory: 150 })).toBe(false)
    expect(silenceIsSuspicious({ now: at('2026-11-20T15:00:00'), timeZone: TZ, lastMessageAt: null, messagesInHistory: 0 })).toBe(false)
  })
})
