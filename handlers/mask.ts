// Personal data never printed in clear in a group (个人信息保护法).

export const ID_NUMBER = /(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g
export const MOBILE = /(?<!\d)(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)/g

/** 13812345678 → 138****5678; 340104199001011234 → 340104********1234. */
export function maskPersonalNumbers(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2')
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
