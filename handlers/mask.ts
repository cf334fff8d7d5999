// Personal data never printed in clear in a group (个人信息保护法).

export const ID_NUMBER = /(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g
export const MOBILE = /(?<!\d)(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)/g

/** 13812345678 → 138****5678; 340104199001011234 → 340104********1234. */
export function maskPersonalNumbers(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2')
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
export function maskPersonalData(text: string): string {
  return maskHealth(maskPersonalNumbers(text))
}

/** Phone and ID numbers replaced by placeholders, for text that leaves the machine. */
export function redactPersonalNumbers(text: string): string {
  return text.replace(ID_NUMBER, '[证件号]').replace(MOBILE, '[电话]')
}

/** 盛国庆 → 盛**: the family name only. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('') || '居民'
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`
}
