import * as OpenCC from 'opencc-js'

const convert = OpenCC.Converter({ from: 'hk', to: 'cn' })

// Traditional characters: the converter's one-character entries that it changes. A message holding
// none of them is written in simplified already and is left as it is, which is faster and spares
// simplified text the converter's phrase rules for traditional text (it would turn 打坏 into 打坯).
const TRADITIONAL = new Set(
  [...OpenCC.Locale.from.hk!, ...OpenCC.Locale.to.cn!]
    .flat()
    .flatMap((dict) => (typeof dict === 'string' ? dict.split('|').map((entry) => entry.split(' ') as [string, string]) : dict))
    .filter(([from, to]) => from !== to && [...from].length === 1 && convert(from) !== from)
    .map(([from]) => from.codePointAt(0)!),
)

function toSimplified(text: string): string {
  for (let i = 0; i < text.length; i++) if (TRADITIONAL.has(text.codePointAt(i)!)) return convert(text)
  return text
}

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

// Spoken and regional words written the way the lexicon expects them, in one scan of the text.
const DIALECT = /咋(?:个|么)?|俺(们)?|啥|木有|莫得|没得|瞅瞅|瞧瞧|麻溜儿?|嘛时候|忒/g
const PLAIN: Record<string, string> = { 咋: '怎么', 俺: '我', 啥: '什么', 木: '没有', 莫: '没有', 没: '没有', 瞅: '看看', 瞧: '看看', 麻: '赶紧', 嘛: '什么时候', 忒: '太' }
const plainOf = (word: string, plural: string | undefined): string => PLAIN[word[0]!]! + (plural ?? '')

/** Text as the rules read it: half-width, simplified, place numerals as digits, no mentions or emoji. */
export function normalizeText(raw: string): string {
  let text = raw.normalize('NFKC')
  text = toSimplified(text)
  text = text.replace(VOICE_MARKERS, ' ').replace(MENTION, ' ').replace(PICTOGRAPH, '').replace(BRACKETED_EMOJI, '')
  text = text.replace(DIALECT, plainOf)
  text = text.replace(PLACE_NUMERAL, (word) => String(chineseNumber(word) ?? word))
  return text.replace(/[\s\u3000]+/g, ' ').trim()
}
