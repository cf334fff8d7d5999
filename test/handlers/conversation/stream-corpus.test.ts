import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseStreamCorpus } from '../../../handlers/conversation/stream-corpus.js'

const streams = (name: string): string => new URL(`../../../handlers/parse/corpus/streams/${name}`, import.meta.url).pathname
const digestOf = (name: string) => createHash('sha256').update(readFileSync(streams(name))).digest('hex')

describe('the conversation corpus', () => {
  it('has the frozen test split as it was written before any reader of conversations existed', () => {
    const recorded = Object.fromEntries(readFileSync(streams('test.sha256'), 'utf8').trim().split('\n').map((l) => l.split(/\s+/).reverse()))
    expect(digestOf('test.txt')).toBe(recorded['test.txt'])
    expect(digestOf('test.jsonl')).toBe(recorded['test.jsonl'])
  })

  it('holds in its JSON lines exactly what its hand-written files say', () => {
    for (const [name, prefix] of [['test', 'st'], ['dev', 'sd'], ['holdout', 'sh']] as const) {
      const written = parseStreamCorpus(readFileSync(streams(`${name}.txt`), 'utf8'), prefix)
      const lines = readFileSync(streams(`${name}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      expect(lines).toEqual(written)
    }
  })

  it('reads the compact form: a quote, a report with its place, a follow-up of it by tag, in time order across groups', () => {
    const lines = parseStreamCorpus([
      '# 2026-11-02 长青园6号楼业主群',
      '07:15 小慧妈妈: 电梯又不动了 | report:a elevator 6 - - normal',
      '07:18 Q(小慧妈妈：电梯又不动了) 老孟: 我家也是 | of:a same',
      '# 2026-11-02 东湖新村服务驿站',
      '07:16 刘奶奶: 早上好 | chat',
    ].join('\n'), 'x')
    expect(lines.map((l) => [l.id, l.sender, l.label])).toEqual([
      ['x0001', '小慧妈妈', { kind: 'report', category: 'elevator', building: '6', unit: null, room: null, urgency: 'normal' }],
      ['x0002', '刘奶奶', { kind: 'chat' }],
      ['x0003', '老孟', { kind: 'followup', of: 'x0001', effect: 'same' }],
    ])
    expect(lines[2]!.text).toBe('「小慧妈妈：电梯又不动了」\n- - - - - - - - - - - - - - -\n我家也是')
    expect(() => parseStreamCorpus('# 2026-11-02 X群\n07:15 某人: 你好 | of:z info', 'x')).toThrow(/unknown report/)
  })
})
