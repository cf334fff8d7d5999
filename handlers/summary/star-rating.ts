import { OPEN_STATES, type CaseState } from '../cases/states.js'

export interface RatedCase {
  building: string | null
  state: string
  respondBy: Date
  acceptedAt: Date | null
  resolvedAt: Date | null
  resolveBy: Date
  score: string | null
}

/** Fewer cases than this in a year say too little about a building to give it stars. */
export const MIN_CASES = 3

/** 1–5 stars from a score 0–1: 90% and up is five stars, each 10 points less one star fewer. */
export const starsOf = (score: number): number => Math.max(1, Math.min(5, Math.floor(score * 10) - 4))

const ratio = (hit: number, total: number): number | null => (total === 0 ? null : hit / total)

/**
 * A building's year: the mean of its response, resolution and satisfaction rates (as defined
 * for summaries; a rate with nothing due is left out), and the stars for it.
 */
export function buildingScore(cases: RatedCase[], now: Date): { cases: number; score: number | null; stars: number | null } {
  const due = cases.filter((c) => c.acceptedAt || c.respondBy <= now)
  const response = ratio(cases.filter((c) => c.acceptedAt && c.acceptedAt <= c.respondBy).length, due.length)
  const resolved = cases.filter((c) => c.resolvedAt).length
  const lateOpen = cases.filter((c) => OPEN_STATES.includes(c.state as CaseState) && c.resolveBy < now).length
  const resolution = ratio(resolved, resolved + lateOpen)
  const rated = cases.filter((c) => c.score)
  const satisfaction = ratio(rated.filter((c) => c.score !== 'unsatisfied').length, rated.length)
  const rates = [response, resolution, satisfaction].filter((r): r is number => r !== null)
  if (cases.length < MIN_CASES || rates.length === 0) return { cases: cases.length, score: null, stars: null }
  const score = rates.reduce((a, b) => a + b, 0) / rates.length
  return { cases: cases.length, score, stars: starsOf(score) }
}

/** A volunteer's stars from the year's hours: 40 h five stars, 24 h four, 12 h three, 4 h two, any one. */
export function volunteerStars(minutes: number): number {
  const hours = minutes / 60
  return hours >= 40 ? 5 : hours >= 24 ? 4 : hours >= 12 ? 3 : hours >= 4 ? 2 : 1
}

export const starText = (stars: number): string => '★'.repeat(stars) + '☆'.repeat(5 - stars)
