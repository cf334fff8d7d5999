import { buildingText } from '../cases/case-texts.js'
import { normalizeText } from '../parse/normalize.js'

/** A household's address: building, unit ("" when none) and room. */
export interface Address {
  building: string
  unit: string
  room: string
}

const TRIPLE = /^(\d{1,3})-(\d{1,2})-(\d{3,4})/
const SPELLED = /^(\d{1,3}|[A-Za-z])\s*(?:号楼|#楼|#|栋|幢|座)\s*(?:(\d{1,2})\s*单元)?\s*(\d{3,4})\s*(?:室|号)?/

/**
 * The address a command starts with (3栋2单元501, 3-2-501, 12号楼1201室) and the words after it,
 * as written when a space separates them (normalising would change the note's punctuation).
 */
export function leadingAddress(raw: string): { address: Address; rest: string } | null {
  const [, token, written] = /^\s*(\S+)\s+([\s\S]*)$/.exec(raw) ?? []
  const alone = token ? addressIn(token) : null
  if (alone && !alone.rest) return { address: alone.address, rest: written!.trim() }
  return addressIn(raw)
}

function addressIn(raw: string): { address: Address; rest: string } | null {
  const text = normalizeText(raw).trim()
  const triple = TRIPLE.exec(text)
  if (triple) return { address: { building: triple[1]!, unit: String(Number(triple[2])), room: triple[3]! }, rest: text.slice(triple[0].length).trim() }
  const m = SPELLED.exec(text)
  if (!m) return null
  return { address: { building: m[1]!.toUpperCase(), unit: m[2] ? String(Number(m[2])) : '', room: m[3]! }, rest: text.slice(m[0].length).trim() }
}

export const addressText = (a: Address): string => `${buildingText(a.building)}${a.unit ? `${a.unit}单元` : ''}${a.room}`

export const sameAddress = (a: Address, b: { building: string | null; unit: string | null; room: string | null }): boolean =>
  a.building === b.building && a.room === b.room && (a.unit === '' || b.unit === null || a.unit === b.unit)
