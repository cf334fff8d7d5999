import type { Db } from '../context.js'
import { buildingText } from '../cases/case-texts.js'
import { redSaturdayLines } from './red-saturday-activity.js'

/** The signed-up volunteers, grouped by building, as lines of text. */
export async function rosterLines(db: Db, communityId: number, saturdayKey: string): Promise<{ count: number; lines: string[] }> {
  const rows = await redSaturdayLines(db, communityId, saturdayKey)
  const byBuilding = new Map<string, string[]>()
  for (const row of rows) {
    const place = row.building ? buildingText(row.building) : '不限楼栋'
    const names = byBuilding.get(place) ?? []
    names.push(row.checkedInAt ? `${row.name}✓` : row.name)
    byBuilding.set(place, names)
  }
  return { count: rows.length, lines: [...byBuilding].map(([place, names]) => `· ${place}：${names.join('、')}`) }
}

/** The served buildings (from their groups) that no volunteer has signed up for on that Saturday. */
export async function buildingsWithoutVolunteers(db: Db, communityId: number, saturdayKey: string): Promise<string[]> {
  const [groups, signups] = await Promise.all([
    db.chatGroup.findMany({ where: { communityId, kind: 'building', building: { not: null } }, select: { building: true } }),
    redSaturdayLines(db, communityId, saturdayKey),
  ])
  const covered = new Set(signups.flatMap((s) => (s.building ? [s.building] : [])))
  const all = [...new Set(groups.map((g) => g.building!))]
  return all.filter((b) => !covered.has(b)).sort((a, b) => a.localeCompare(b, 'zh', { numeric: true }))
}

/** Service time to one decimal: 4.5 小时. */
export const decimalHoursText = (minutes: number): string => `${Math.round((minutes / 60) * 10) / 10} 小时`
