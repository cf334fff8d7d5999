import { describe, expect, it } from 'vitest'
import { parseCommand } from '../../../handlers/commands/parse-command.js'

describe('parseCommand', () => {
  it.each([
    ['查询 #12', 12], ['查询＃12', 12], ['查询 12号', 12], ['查询12', 12], ['@红管家 查询 #12', 12], ['@红管家\u2005查询　#12', 12],
  ])('reads the case number in %s', (text, n) => {
    expect(parseCommand(text)).toMatchObject({ word: '查询', number: n })
  })
  it('keeps the words after the number', () => {
    expect(parseCommand('完成 #3 已更换楼道灯')).toEqual({ word: '完成', number: 3, rest: '已更换楼道灯', text: '#3 已更换楼道灯' })
    expect(parseCommand('评价 #3 不满意 太慢了')).toMatchObject({ number: 3, rest: '不满意 太慢了' })
  })
  it('keeps the punctuation of a note as it was written, full-width digits read plainly', () => {
    expect(parseCommand('进展 ＃３ 师傅明天上午来，请家里留人（约９点）。')).toMatchObject({ number: 3, rest: '师傅明天上午来，请家里留人（约9点）。' })
  })
  it('prefers the longest command word', () => {
    expect(parseCommand('红周六名单')?.word).toBe('红周六名单')
    expect(parseCommand('报名红周六 3栋')).toMatchObject({ word: '报名红周六', number: null, text: '3栋' })
  })
  it('does not eat a building number as a case number in a notice', () => {
    expect(parseCommand('通知 12号楼明天停水')).toMatchObject({ word: '通知', text: '12号楼明天停水' })
  })
  it('leaves ordinary talk that starts like a command alone', () => {
    for (const text of ['完成了吗', '评价一下这个物业', '关闭窗户了没', '查询不到啊', '签到了没有']) expect(parseCommand(text), text).toBeNull()
  })
  it('returns a command without a number so the handler can give a hint', () => {
    expect(parseCommand('受理')).toMatchObject({ word: '受理', number: null })
  })
  it('reads a long case number whole instead of cutting it to another case', () => {
    expect(parseCommand('查询 #12345678')?.number).toBe(12345678)
    expect(parseCommand('查询 123456789012')?.number).toBe(123456789012)
  })
  it('reads a command through zero-width and text-direction characters', () => {
    expect(parseCommand('受理\u200b #1')).toMatchObject({ word: '受理', number: 1 })
    expect(parseCommand('\u202e受理 #1')).toMatchObject({ word: '受理', number: 1 })
    expect(parseCommand('办\u200d结 #2 已修好\ufeff')).toMatchObject({ word: '办结', number: 2, rest: '已修好' })
  })
})
