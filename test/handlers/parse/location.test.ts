import { describe, expect, it } from 'vitest'
import { buildingFromGroupName, extractLocation } from '../../../handlers/parse/location.js'
import { normalizeText } from '../../../handlers/parse/normalize.js'

const loc = (text: string, groupBuilding: string | null = null) => extractLocation(normalizeText(text), groupBuilding)

describe('extractLocation', () => {
  it('reads building, unit and room written out', () => {
    expect(loc('6栋1单元502的大爷摔倒了')).toEqual({ building: '6', unit: '1', room: '502' })
  })
  it('reads the dashed form 3-1-402', () => {
    expect(loc('3-1-402 厨房水管爆了')).toEqual({ building: '3', unit: '1', room: '402' })
  })
  it('reads 号楼, 幢, #楼 and lettered blocks', () => {
    expect(loc('7号楼门口').building).toBe('7')
    expect(loc('五幢的电梯').building).toBe('5')
    expect(loc('9#楼后面').building).toBe('9')
    expect(loc('A座大堂').building).toBe('A')
  })
  it('falls back to the group\'s building, and to none in a station group', () => {
    expect(loc('楼道灯坏了', '3').building).toBe('3')
    expect(loc('楼道灯坏了', null).building).toBeNull()
  })
  it('does not read a phase, floor, temperature, age, parking space, plate or phone as a place', () => {
    expect(loc('2期15号楼电梯坏了').building).toBe('15')
    expect(loc('按18楼没反应').room).toBeNull()
    expect(loc('家里才15度').room).toBeNull()
    expect(loc('父亲今年81岁').room).toBeNull()
    expect(loc('我的车位号B-032').room).toBeNull()
    expect(loc('车牌皖A12345挡路了').room).toBeNull()
    expect(loc('电话13812345678').room).toBeNull()
    expect(loc('物业费一年1500元').room).toBeNull()
  })
  it('reads a room before 楼上 and after 楼上', () => {
    expect(loc('302楼上的管管吧').room).toBe('302')
    expect(loc('楼上1703天天拖椅子').room).toBe('1703')
  })
  it('reads a building and a room without a unit, a zone before the building and a lower-case block', () => {
    expect(loc('7栋1203的入户门')).toEqual({ building: '7', unit: null, room: '1203' })
    expect(loc('4-1201家里没人，门缝往外流水')).toEqual({ building: '4', unit: null, room: '1201' })
    expect(loc('南区4栋的楼道灯全不亮').building).toBe('4')
    expect(loc('a座地下室的灯不亮').building).toBe('A')
    expect(loc('车位B2-056被占了')).toEqual({ building: null, unit: null, room: null })
  })
  it('names no building when a message names two', () => {
    expect(loc('2号楼和4号楼中间的草坪').building).toBeNull()
  })
})

describe('buildingFromGroupName', () => {
  it.each([['3栋业主群', '3'], ['12号楼邻里群', '12'], ['5幢住户群', '5'], ['A座业主交流群', 'A'], ['三栋业主群', '3']])('%s → %s', (topic, b) => {
    expect(buildingFromGroupName(topic)).toBe(b)
  })
  it.each([['幸福里小区12号楼', '12'], ['金桂园3期7栋业主群', '7'], ['南苑新村B座邻居', 'B'], ['翠湖花园二期15幢', '15'], ['淝南社区5号楼住户群', '5']])(
    'finds the building after the estate name: %s → %s',
    (topic, b) => expect(buildingFromGroupName(topic)).toBe(b),
  )
  it('finds none in station groups or phase names', () => {
    expect(buildingFromGroupName('红管家服务驿站')).toBeNull()
    expect(buildingFromGroupName('汇景家园2期业主群')).toBeNull()
  })
})
