import { describe, expect, it } from 'vitest'
import { nameKey, parseJielong, placesIn, skillIn } from '../../../handlers/volunteers/jielong.js'
import { whenIn } from '../../../handlers/volunteers/when.js'

const TZ = 'Asia/Shanghai'
// A Monday morning.
const NOW = new Date('2026-12-07T10:00:00+08:00')
const local = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null)

describe('reading a 接龙 as WeChat groups write it', () => {
  it('reads the header, the title over several lines, the example line and the numbered names', () => {
    const text = '#接龙\n周四上午帮独居老人搬煤气罐\n要两个力气大的\n\n例 张红 138xxxx\n1. 老周\n2. 小李'
    expect(parseJielong(text)).toEqual({ title: '周四上午帮独居老人搬煤气罐 要两个力气大的', names: ['老周', '小李'] })
  })

  it('takes the title from the header line, and numbering in the other usual forms', () => {
    expect(parseJielong('#接龙 周六9点驿站门口给老人理发 限3人\n1、张红\n2）李明\n3．王芳\n4.')).toEqual({ title: '周六9点驿站门口给老人理发 限3人', names: ['张红', '李明', '王芳'] })
    expect(parseJielong('【接龙】明天下午打扫楼道\n1. 老周')?.names).toEqual(['老周'])
    expect(parseJielong('接龙：后天晚上7点巡逻\n1 老周')?.names).toEqual(['老周'])
    expect(parseJielong('接龙：后天晚上7点巡逻\n1: 老周')?.names).toEqual(['老周'])
  })

  it('does not take a date at the start of a title line for a numbered line', () => {
    expect(parseJielong('#接龙\n12.20 上午9点 包饺子\n1. 老周')).toEqual({ title: '12.20 上午9点 包饺子', names: ['老周'] })
  })

  it('keeps emoji and restarted numbering, and leaves empty lines out', () => {
    expect(parseJielong('#接龙\n周日上午包饺子\n1. 🌸王阿姨🌸\n2. \n1. 小李\n\n3. 老周')?.names).toEqual(['🌸王阿姨🌸', '小李', '老周'])
  })

  it('is not a 接龙 when the word is only talked about', () => {
    expect(parseJielong('大家接龙报名吧，周四上午搬煤气罐')).toBeNull()
    expect(parseJielong('3栋电梯坏了，有人接龙反映一下吗')).toBeNull()
  })

  it('knows one name however it was typed', () => {
    expect(nameKey('🌸王阿姨🌸 ')).toBe(nameKey('王阿姨'))
    expect(nameKey('Li Ming')).toBe(nameKey('liming'))
    expect(nameKey('张红')).not.toBe(nameKey('张虹'))
  })

  it('reads how many places and which skill a title asks for', () => {
    expect(placesIn('周四上午帮独居老人搬煤气罐 要两个力气大的')).toBe(2)
    expect(placesIn('周六9:00 驿站门口 给老人理发 4人 会理发')).toBe(4)
    expect(placesIn('限3人')).toBe(3)
    expect(placesIn('名额5个，先到先得')).toBe(5)
    expect(placesIn('3栋楼道大扫除')).toBeNull()
    expect(placesIn('给老人理发')).toBeNull()
    expect(skillIn('周六9:00 驿站门口 给老人理发 4人 会理发')).toBe('会理发')
    expect(skillIn('修电扇 要懂电工的')).toBe('懂电工')
    expect(skillIn('帮老人搬东西')).toBeNull()
  })
})

describe('reading when an activity is', () => {
  const when = (text: string) => {
    const w = whenIn(text, NOW, TZ)
    return w && [local(w.start), local(w.end), w.timeGiven]
  }

  it('reads weekdays, relative days and dates, with a part of the day or a time', () => {
    expect(when('周四上午帮独居老人搬煤气罐')).toEqual(['2026-12-10 09:00', null, false])
    expect(when('周六9:00 驿站门口')).toEqual(['2026-12-12 09:00', null, true])
    expect(when('下周二下午')).toEqual(['2026-12-15 14:00', null, false])
    expect(when('星期天下午3点-5点')).toEqual(['2026-12-13 15:00', '2026-12-13 17:00', true])
    expect(when('明天下午三点半发放物资')).toEqual(['2026-12-08 15:30', null, true])
    expect(when('后天晚上7点巡逻')).toEqual(['2026-12-09 19:00', null, true])
    expect(when('12月12日上午打扫')).toEqual(['2026-12-12 09:00', null, false])
    expect(when('12.20 上午9点')).toEqual(['2026-12-20 09:00', null, true])
    expect(when('15号上午')).toEqual(['2026-12-15 09:00', null, false])
  })

  it('puts a time without a day on the next time it comes, and a date long past into next year', () => {
    expect(when('下午2:30到4:30')).toEqual(['2026-12-07 14:30', '2026-12-07 16:30', true])
    expect(when('早上8点')).toEqual(['2026-12-08 08:00', null, true])
    expect(when('1月3日上午')).toEqual(['2027-01-03 09:00', null, false])
  })

  it('finds no time where there is none', () => {
    expect(whenIn('帮独居老人搬煤气罐', NOW, TZ)).toBeNull()
    expect(whenIn('大家积极一点', NOW, TZ)).toBeNull()
  })
})
