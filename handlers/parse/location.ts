import { normalizeText } from './normalize.js'

export interface Location {
  building: string | null
  unit: string | null
  room: string | null
}

const TRIPLE = /(?<![\d\w-])(\d{1,3})-(\d{1,2})-(\d{3,4})(?![\d-])/
// A building and a room without a unit: 4-1201 (a parking space like B2-056 has a letter before it).
const PAIR = /(?<![\w-])(\d{1,3})-(\d{3,4})(?![\d-])/
const BUILDING = /(?<![\d\w.-])(\d{1,3}|[A-Za-z])\s*(?:号楼|#楼|#|栋|幢|座)/g
const UNIT = /(?<![\d.])(\d{1,2})\s*单元/
// A room is a bare 3–4 digit number that is not a floor, amount, age, date, temperature or code.
const ROOM = /(?<![\d\w.:：#-])(?<!打了?|拨打?|叫了?)(\d{3,4})(?:室|号(?!楼))?(?![\d\w.:：%-]|\s*(?:楼(?![上下])|层|栋|幢|号楼|度|岁|元|块|年|月|日|点|分|个|人|斤|米|平|次|期|路|公交|号线))/g

const upper = (s: string): string => s.toUpperCase()

/** Building, unit and room named in the (normalised) text; the group's building when it names none. */
export function extractLocation(text: string, groupBuilding: string | null): Location {
  const triple = TRIPLE.exec(text)
  if (triple) return { building: triple[1]!, unit: String(Number(triple[2])), room: triple[3]! }
  const pair = PAIR.exec(text)
  if (pair) return { building: pair[1]!, unit: null, room: pair[2]! }

  const buildings = [...new Set([...text.matchAll(BUILDING)].map((m) => upper(m[1]!)))]
  const building = buildings.length === 1 ? buildings[0]! : buildings.length === 0 ? groupBuilding : null
  const unitMatch = UNIT.exec(text)
  const rooms = [...text.matchAll(ROOM)].map((m) => m[1]!).filter((r) => Number(r) >= 101 && Number(r) % 100 !== 0)
  return {
    building,
    unit: unitMatch ? String(Number(unitMatch[1])) : null,
    room: rooms[0] ?? null,
  }
}

// Real groups are named after the estate first (幸福里小区12号楼, 金桂园3期7栋业主群): the building may stand anywhere,
// and a phase (3期) is never one.
const GROUP_BUILDING = /(?<![A-Za-z\d])(\d{1,3}|[A-Za-z])\s*(?:号楼|#楼|栋|幢|座)/

/** The building a group's name clearly names (3栋…, 幸福里小区12号楼, 南苑新村B座邻居), if any. */
export function buildingFromGroupName(topic: string): string | null {
  const m = GROUP_BUILDING.exec(normalizeText(topic))
  return m ? upper(m[1]!) : null
}
