import { describe, expect, it } from 'vitest'
import { CATEGORIES } from '../../../handlers/parse/lexicon.js'
import { parseMessage } from '../../../handlers/parse/parse-message.js'
import { shippedClassifier } from '../../support/classifier.js'

// One test per category rule: two plain reports the lexicon must route to that code.
const EXAMPLES: Record<(typeof CATEGORIES)[number], [string, string]> = {
  water: ['卫生间地漏往上反水，麻烦物业处理', '水表在漏水，地上湿了一片'],
  power: ['单元楼梯的照明灯全坏了，上下楼黑乎乎', '家里总是跳闸，电箱是不是有问题'],
  elevator: ['电梯一直发出咔咔的响声，坐着害怕', '电梯门开了又关关了又开，没法用'],
  gas_heating: ['暖气片一点都不热，能不能来看看', '厨房的燃气灶点不着了'],
  facility: ['单元门的门锁坏了，谁都能进', '小区健身器材的螺丝松了，很危险'],
  sanitation: ['垃圾站臭得不行，好几天没清运了', '楼道里蟑螂越来越多了，能不能消杀'],
  greenery: ['楼下的草地被踩秃了，能不能补种一下', '大树的枯枝挂在半空，能不能修剪'],
  parking: ['有辆车停在我的车位上三天了', '小区道闸坏了，外面的车随便进来停'],
  safety: ['楼道里有人放了好几个煤气罐，太危险了', '小区的监控坏了，昨晚有人被偷了'],
  noise: ['楼上天天半夜蹦迪，吵得睡不着', '隔壁装修电钻声一早上没停过，太吵了'],
  dispute: ['和楼下因为漏水赔偿的事谈不拢，想请社区调解', '邻居占用公共走廊，沟通了好几次都没用，想找人协调'],
  care: ['我爸腿脚不方便，想请志愿者帮忙买点药', '独居的李奶奶好几天没下楼了，能不能去看看'],
  property: ['物业费收了服务却越来越差，保安经常不在岗', '业委会的公共收益一直不公示'],
  consult: ['请问社保卡补办要带什么材料', '想咨询一下高龄补贴怎么申请'],
  other: ['建议小区里加装一个快递柜', '楼下饭店油烟太大，窗户都不敢开'],
}

describe('category lexicon', () => {
  it.each(CATEGORIES.map((c) => [c]))('routes reports about %s', (category) => {
    for (const text of EXAMPLES[category]) expect(parseMessage(text, '3', shippedClassifier()), text).toMatchObject({ isRequest: true, category })
  })

  it('survives a long formal letter and registers it', () => {
    const letter = `尊敬的领导：${'小区楼道灯长期不亮，业主多次反映无果，'.repeat(400)}恳请尽快处理。`
    const started = performance.now()
    expect(parseMessage(letter, null, shippedClassifier())).toMatchObject({ isRequest: true, category: 'power' })
    expect(performance.now() - started).toBeLessThan(200)
  })
})
