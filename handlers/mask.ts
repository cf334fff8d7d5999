// Personal data never printed in clear in a group (个人信息保护法).

export const ID_NUMBER = /(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g
/**
 * Any run of 7 or more digits, possibly grouped by single spaces, hyphens or dots and led by a
 * country code: mobiles in every written form, landlines, old 15-digit ID numbers.
 */
const NUMBER_RUN = /(?<![\dA-Za-z])(\+?86[\s-]?)?(\d(?:[\s.-]?\d){6,})(?![\dA-Za-z])/g
const DATE = /^\d{4}[-.]\d{1,2}[-.]\d{1,2}$/

/** Numbers everyone may see (the property hotline, the station's phone): the config's publicNumbers. */
export type PublicNumbers = readonly string[]

const digitsOf = (text: string): string => text.replace(/\D/g, '')

/** A run of digits left as written: a public number, or a date. */
const staysVisible = (run: string, publicNumbers: PublicNumbers): boolean => DATE.test(run) || publicNumbers.some((n) => digitsOf(n) === digitsOf(run))

const asciiDigits = (text: string): string => text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))

function maskRun(whole: string, country: string | undefined, run: string, publicNumbers: PublicNumbers): string {
  if (staysVisible(run, publicNumbers)) return whole
  const digits = digitsOf(run)
  const kept = digits.length >= 11 ? `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}` : `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`
  return `${country ?? ''}${kept}`
}

/** 13812345678 → 138****5678; 340104199001011234 → 340104********1234; a landline keeps its last four digits. */
export function maskPersonalNumbers(text: string, publicNumbers: PublicNumbers): string {
  return asciiDigits(text)
    .replace(ID_NUMBER, '$1********$2')
    .replace(NUMBER_RUN, (whole, country: string | undefined, run: string) => maskRun(whole, country, run, publicNumbers))
}

/** Diagnoses and conditions: a person's health is never told in a group. */
const HEALTH_TERMS = [
  '糖尿病', '高血压', '心脏病', '冠心病', '癌症', '肺癌', '肝癌', '胃癌', '乳腺癌', '肿瘤', '抑郁症', '抑郁', '焦虑症', '精神病', '精神分裂',
  '艾滋病', 'HIV', '乙肝', '肝炎', '肺结核', '结核', '传染病', '怀孕', '流产', '残疾', '瘫痪', '透析', '化疗', '放疗', '中风', '脑梗',
  '脑溢血', '痴呆', '阿尔茨海默', '帕金森', '癫痫', '尿毒症', '白血病', '自闭症',
]
const HEALTH = new RegExp(HEALTH_TERMS.sort((a, b) => b.length - a.length).join('|'), 'gi')

/** 他有糖尿病 → 他有[健康信息]. */
export function maskHealth(text: string): string {
  return text.replace(HEALTH, '[健康信息]')
}

/** Everything personal a text for other eyes must not show: phone and ID numbers, health details. */
export function maskPersonalData(text: string, publicNumbers: PublicNumbers): string {
  return maskHealth(maskPersonalNumbers(text, publicNumbers))
}

// A room inside free text, in the forms residents write it: 3-2-501 and 4-1201 (building, unit, room),
// a number after a building or unit (7栋1203, 2单元501), before 室/房/户 (501室), after 住/家住 (住502).
const BUILDING_UNIT_ROOM = /(?<![\d-])(\d{1,3})\s*-\s*(\d{1,2})\s*-\s*\d{3,4}(?![\d-])/g
const BUILDING_ROOM = /(?<![\d-])(\d{1,3})\s*-\s*\d{3,4}(?![\d-])/g
const ROOM_AFTER_PLACE = /((?:栋|号楼|幢|座|单元|#楼?)的?\s*)\d{3,4}(?![\d层元块米])/g
const ROOM_BEFORE_SUFFIX = /(?<![\d-])\d{3,4}(?=\s*(?:室|房间|房|户|号房))/g
const ROOM_AFTER_LIVING = /((?:家住|住在|住)\s*)\d{3,4}(?![\d层元块米])/g

/** 3栋2单元501 → 3栋2单元***, 3-2-501 → 3-2-***: the building and unit stay, the room goes. */
export function maskRooms(text: string): string {
  return asciiDigits(text)
    .replace(BUILDING_UNIT_ROOM, '$1-$2-***')
    .replace(BUILDING_ROOM, '$1-***')
    .replace(ROOM_AFTER_PLACE, '$1***')
    .replace(ROOM_BEFORE_SUFFIX, '***')
    .replace(ROOM_AFTER_LIVING, '$1***')
}

/** What residents' words may show to other residents and in the masked export: no numbers, health or rooms. */
export function maskForOthers(text: string, publicNumbers: PublicNumbers): string {
  return maskRooms(maskPersonalData(text, publicNumbers))
}

/** Phone and ID numbers replaced by placeholders, for text that leaves the machine. */
export function redactPersonalNumbers(text: string, publicNumbers: PublicNumbers): string {
  return asciiDigits(text)
    .replace(ID_NUMBER, '[证件号]')
    .replace(NUMBER_RUN, (whole, _country, run: string) => (staysVisible(run, publicNumbers) ? whole : '[电话]'))
}

/** 盛国庆 → 盛**: the family name only. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('') || '居民'
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`
}
