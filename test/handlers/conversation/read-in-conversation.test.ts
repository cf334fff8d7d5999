import { describe, expect, it } from 'vitest'
import { ConversationMemory } from '../../../handlers/conversation/conversation-memory.js'
import { readInConversation, type ConversationReading } from '../../../handlers/conversation/read-in-conversation.js'
import { splitQuote, withoutMentions } from '../../../handlers/conversation/wechat-forms.js'
import { shippedClassifier } from '../../support/classifier.js'

const MINUTE = 60_000
const START = Date.parse('2026-11-20T07:00:00+08:00')

/**
 * A thread of one group, read line by line as the bot reads it. Each line: minutes after the start,
 * the sender (staff names end in "物业"), the words. Returns one short reading per line:
 * "report", "nothing", or "<effect> of <line number of the report>".
 */
function readThread(group: string, building: string | null, lines: Array<[number, string, string]>): string[] {
  const memory = new ConversationMemory()
  const reportLine = new Map<string, number>()
  return lines.map(([minute, sender, text], i) => {
    const at = START + minute * MINUTE
    const message = { id: `m${i + 1}`, senderId: sender, senderName: sender, at, text, fromStaff: sender.endsWith('物业') }
    const reading: ConversationReading = readInConversation(memory.stateOf(group, building, at), message, shippedClassifier())
    const ref = memory.record(group, message, reading)
    if (reading.kind === 'report') {
      reportLine.set(ref!, i + 1)
      return 'report'
    }
    return reading.kind === 'followup' ? `${reading.effect} of ${reportLine.get(reading.caseRef)}` : 'nothing'
  })
}

const quote = (name: string, words: string, reply: string) => `「${name}：${words}」\n- - - - - - - - - - - - - - -\n${reply}`

describe('reading a group as a conversation', () => {
  it('joins a neighbour with the same fault, a danger added later and "works again" to the report, and opens nothing for talk', () => {
    expect(readThread('9号楼业主群', '9', [
      [0, '王姐', '9号楼电梯又停了 按了半天没反应'],
      [2, '老李', '我家也是 早上下不去'],
      [3, '小张物业', '收到 维保马上到'],
      [5, '王姐', '里面还关着个老太太 一直在拍门'],
      [6, '老李', '吓死人了'],
      [90, '老李', '好了 能用了'],
    ])).toEqual(['report', 'same of 1', 'nothing', 'urgent of 1', 'nothing', 'fixed of 1'])
  })

  it('tells a second fault from a follow-up, and each later word goes to its own case', () => {
    expect(readThread('9号楼业主群', '9', [
      [0, '王姐', '9号楼电梯又停了 按了半天没反应'],
      [4, '阿强', '楼梯间的灯也不亮 黑乎乎的'],
      [200, '阿强', '楼梯灯修好了 亮了'],
      [230, '王姐', '电梯还是坐不了 什么时候修'],
    ])).toEqual(['report', 'report', 'fixed of 2', 'info of 1'])
  })

  it('follows a quoted reply to the case of the message it quotes', () => {
    const report = '3单元楼前水表井那往外冒水 哗哗的'
    expect(readThread('4号楼', '4', [
      [0, 'Cathy', report],
      [30, '大鹏', quote('Cathy', report, '水流到路上都冻成冰了 送奶的大哥摔了一跤 半天没爬起来')],
      [31, '潘师傅', quote('Cathy', report, '我也是')],
    ])).toEqual(['report', 'urgent of 1', 'same of 1'])
  })

  it('keeps a quote of the bot\'s own receipt with the case it names', () => {
    const memory = new ConversationMemory()
    const group = '4号楼'
    const first = { id: 'a', senderId: 'x', senderName: 'x', at: START, text: '4号楼门口的路灯坏了 晚上黑', fromStaff: false }
    memory.record(group, first, readInConversation(memory.stateOf(group, '4', START), first, shippedClassifier()))
    const reply = { id: 'b', senderId: 'y', senderName: 'y', at: START + 300 * MINUTE, text: quote('红管家', '已登记 #1：电力照明｜4栋。由物业负责处理', '修了吗'), fromStaff: false }
    const reading = readInConversation(memory.stateOf(group, '4', reply.at), reply, shippedClassifier())
    expect(reading).toMatchObject({ kind: 'followup', caseRef: 'a', effect: 'info' })
  })

  it('reads a report announced first and finished a moment later as one report, with the whole text', () => {
    const memory = new ConversationMemory()
    const lines = ['麻烦问一下啊', '我们单元门口那盏路灯坏了好几天了']
    const readings = lines.map((text, i) => {
      const message = { id: `f${i}`, senderId: 'z', senderName: 'z', at: START + i * MINUTE, text, fromStaff: false }
      const reading = readInConversation(memory.stateOf('3栋', '3', message.at), message, shippedClassifier())
      memory.record('3栋', message, reading)
      return reading
    })
    expect(readings.map((r) => r.kind)).toEqual(['nothing', 'report'])
    expect(readings[1]!.text).toBe('麻烦问一下啊 我们单元门口那盏路灯坏了好几天了')
  })

  it('opens a new case for the same kind of fault in another unit, and for the same fault two days later', () => {
    expect(readThread('9号楼业主群', '9', [
      [0, '王姐', '1单元的下水道堵了 往上返水'],
      [10, '老李', '3单元楼道的下水管也漏水了 滴了一地'],
      [3000, '王姐', '1单元的下水道又堵了 往上返水'],
    ])).toEqual(['report', 'report', 'report'])
  })

  it('opens a new case for a fault that came back after a neighbour said it worked again, and a later "still broken" goes with it', () => {
    expect(readThread('9号楼业主群', '9', [
      [0, '阿梅', '9号楼电梯停在18楼不下来了 按了半天没反应'],
      [15, '阿梅', '好了 能坐了'],
      [400, '小周', '电梯又停了 这回在5楼 门半开着'],
      [420, '老丁', '电梯还是坐不了'],
    ])).toEqual(['report', 'fixed of 1', 'report', 'info of 3'])
  })

  it('takes a neighbour telling how the fault hit them as the same fault, and a neighbour whose supply is fine as nothing', () => {
    expect(readThread('5号楼', '5', [
      [0, 'Maggie', '5号楼二单元的水管冻住了 一滴水都没有'],
      [2, '刘老师', '我家刚才也是 接了半盆就没了'],
      [3, '大兵', '一单元有水'],
    ])).toEqual(['report', 'same of 1', 'nothing'])
  })

  it('never lets a staff member\'s reply open a case', () => {
    expect(readThread('红管家服务驿站', null, [
      [0, '祁大爷', '请问老年食堂午饭多少钱一份 有优惠没'],
      [10, '晓敏物业', '祁大爷 80岁以上一份8块 您带身份证来办张卡就行'],
      [11, '晓敏物业', '已联系单车公司来拉走'],
    ])).toEqual(['report', 'nothing', 'nothing'])
  })
})

describe('WeChat\'s own forms', () => {
  it('splits a quoted reply into the quote and the reply', () => {
    expect(splitQuote('「王姐：9号楼电梯又停了」\n- - - - - - - - - - - - - - -\n我家也是')).toEqual({ quote: { name: '王姐', text: '9号楼电梯又停了' }, reply: '我家也是' })
    expect(splitQuote('9号楼电梯又停了')).toEqual({ quote: null, reply: '9号楼电梯又停了' })
  })

  it('reads a message without its @-mentions', () => {
    expect(withoutMentions('@物业小王\u2005快来看看 楼道漏水了')).toBe('快来看看 楼道漏水了')
    expect(withoutMentions('@物业小王 @网格员小李 快来看看')).toBe('快来看看')
  })
})
