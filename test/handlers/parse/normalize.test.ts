import { describe, expect, it } from 'vitest'
import { chineseNumber, normalizeText } from '../../../handlers/parse/normalize.js'

describe('normalizeText', () => {
  it('turns full-width digits, letters and punctuation half-width', () => {
    expect(normalizeText('３栋２单元５０１，Ａ座')).toBe('3栋2单元501,A座')
  })
  it('turns traditional characters simplified', () => {
    expect(normalizeText('18棟電梯又壞了')).toBe('18栋电梯又坏了')
  })
  it('leaves a message written in simplified as it is, phrases the converter would change included', () => {
    expect(normalizeText('单元门被人打坏了，一坏就是一个月')).toBe('单元门被人打坏了,一坏就是一个月')
  })
  it('writes place numerals as digits but leaves other numerals alone', () => {
    expect(normalizeText('十二号楼二单元')).toBe('12号楼2单元')
    expect(normalizeText('三栋一点水都没有')).toBe('3栋一点水都没有')
  })
  it('drops @-mentions and emoji', () => {
    expect(normalizeText('@红管家 楼道灯坏了👍😂')).toBe('楼道灯坏了')
  })
})

describe('chineseNumber', () => {
  it.each([['三', 3], ['十', 10], ['十二', 12], ['二十三', 23], ['一百零五', 105], ['两', 2]])('%s → %i', (word, n) => {
    expect(chineseNumber(word)).toBe(n)
  })
  it('rejects words that are not numbers', () => {
    expect(chineseNumber('三栋')).toBeUndefined()
  })
})

describe('dialect', () => {
  it('writes spoken and regional words plainly', () => {
    expect(normalizeText('俺家厕所咋又堵了，木有人管啥')).toBe('我家厕所怎么又堵了,没有人管什么')
  })
})
