import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { classifierFrom, loadClassifier, SHIPPED_MODEL_DIR } from '../../../bot/model/classifier.js'
import { parseMessage } from '../../../handlers/parse/parse-message.js'
import { shippedClassifier } from '../../support/classifier.js'

const logged = () => {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = []
  return {
    lines,
    info: (obj: Record<string, unknown>, msg: string) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj: Record<string, unknown>, msg: string) => void lines.push({ level: 'warn', obj, msg }),
  }
}

const stationCopy = (edit?: (file: Record<string, unknown>) => void): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hgj-station-model-'))
  copyFileSync(path.join(SHIPPED_MODEL_DIR, 'words.txt'), path.join(dir, 'words.txt'))
  const file = JSON.parse(readFileSync(path.join(SHIPPED_MODEL_DIR, 'model.json'), 'utf8')) as Record<string, unknown>
  edit?.(file)
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify(file))
  return dir
}

describe('loading the model', () => {
  it('uses the shipped model when the station has none, and says so', () => {
    const log = logged()
    const classifier = loadClassifier(path.join(tmpdir(), 'no-such-model-dir'), log)
    expect(classifier.version).toBe(shippedClassifier().version)
    expect(log.lines).toEqual([expect.objectContaining({ level: 'info', msg: 'using the shipped model' })])
  })

  it('prefers the station\'s retrained model, and says so', () => {
    const dir = stationCopy((f) => (f.version = 'model-station1'))
    const log = logged()
    expect(loadClassifier(dir, log).version).toBe('model-station1')
    expect(log.lines[0]).toMatchObject({ level: 'info', obj: { model: 'model-station1', dir } })
  })

  it('falls back to the shipped model, with a warning, when the station\'s file is damaged', () => {
    const dir = stationCopy((f) => ((f.heads as Record<string, { weights: string }>).category!.weights = 'AAAA'))
    const log = logged()
    expect(loadClassifier(dir, log).version).toBe(shippedClassifier().version)
    expect(log.lines.map((l) => l.level)).toEqual(['warn', 'info'])
  })

  it('refuses a model file of a format it does not know', () => {
    const dir = stationCopy((f) => (f.format = 2))
    expect(() => classifierFrom(dir)).toThrow(/unknown model format 2/)
  })
})

describe('the three bands', () => {
  const classifier = shippedClassifier()
  const read = (text: string) => parseMessage(text, '3', classifier)

  it('acknowledges what it is sure is a report, and stays silent on what it is sure is chatter', () => {
    expect(read('3栋2单元的楼道灯坏了一个星期了，麻烦物业来换一下')).toMatchObject({ isRequest: true, suspected: false, category: 'power' })
    expect(read('今天天气真好，大家出去走走')).toMatchObject({ isRequest: false, suspected: false, category: null })
  })

  it('puts a message between the thresholds in the suspected band, with what it would be', () => {
    const withThresholds = { ...classifier, read: (t: string) => ({ ...classifier.read(t), band: 'suspected' as const }) }
    expect(parseMessage('门口那个东西好像不太对劲', '3', withThresholds)).toMatchObject({ isRequest: false, suspected: true, building: '3', category: expect.any(String) })
  })

  it('lifts a named danger one band and makes it urgent, but never for an imagined one', () => {
    const silent = { ...classifier, read: (t: string) => ({ ...classifier.read(t), band: 'none' as const, urgency: 'normal' as const }) }
    expect(parseMessage('楼道里有煤气味', '3', silent)).toMatchObject({ suspected: true, urgency: 'urgent' })
    expect(parseMessage('万一着火了怎么办', '3', silent)).toMatchObject({ isRequest: false, suspected: false })
  })
})
