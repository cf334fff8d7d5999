import * as OpenCC from 'opencc-js'

const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' })

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}

/** 十二 → 12, 二十三 → 23, 一百零五 → 105; undefined when the word is not a plain number. */
export function chineseNumber(word: string): number | undefined {
  if (!word) return undefined
  let total = 0
  let current = 0
  for (const ch of word) {
    if (ch in DIGITS) current = DIGITS[ch]!
    else if (ch === '十') {
      total += (current || 1) * 10
      current = 0
    } else if (ch === '百') {
      total += (current || 1) * 100
      current = 0
    } else return undefined
  }
  return total + current
}

// Chinese numerals are turned into digits only where they name a place, so 一点水 stays as it is.
const PLACE_NUMERAL = /([零〇一二两三四五六七八九十百]{1,4})(?=号楼|栋|幢|单元|座|期|号院|区)/g
const MENTION = /@[^\s\u2005@]{1,20}[\s\u2005]?/g
const PICTOGRAPH = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{200D}]/gu
const VOICE_MARKERS = /\[(?:语音|语音转文字|语音消息|表情|图片|动画表情)\]|语音转文字[:：]?/g
const BRACKETED_EMOJI = /\[[\u4e00-\u9fa5a-zA-Z]{1,4}\]/g

// Spoken and regional words written the way the lexicon expects them.
const DIALECT: Array<[RegExp, string]> = [
  [/咋(个|么)?/g, '怎么'], [/俺(们)?/g, '我$1'], [/啥/g, '什么'], [/木有|莫得|没得/g, '没有'], [/瞅瞅|瞧瞧/g, '看看'],
  [/麻溜(儿)?/g, '赶紧'], [/嘛时候/g, '什么时候'], [/忒/g, '太'],
]

/** Text as the rules read it: half-width, simplified, place numerals as digits, no mentions or emoji. */
export function normalizeText(raw: string): string {
  let text = raw.normalize('NFKC')
  text = toSimplified(text)
  text = text.replace(VOICE_MARKERS, ' ').replace(MENTION, ' ').replace(PICTOGRAPH, '').replace(BRACKETED_EMOJI, '')
  for (const [pattern, plain] of DIALECT) text = text.replace(pattern, plain)
  text = text.replace(PLACE_NUMERAL, (word) => String(chineseNumber(word) ?? word))
  return text.replace(/[\s\u3000]+/g, ' ').trim()
}
