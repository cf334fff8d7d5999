import { describe, expect, it } from 'vitest'
import { buildingScore, starsOf, starText, volunteerStars, type RatedCase } from '../../../handlers/summary/star-rating.js'

const now = new Date('2026-12-31T02:00:00Z')
const day = (d: number) => new Date(Date.UTC(2026, 10, d))
const resolvedInTime = (score: string | null): RatedCase => ({ building: '3', state: score ? 'rated' : 'resolved', respondBy: day(2), acceptedAt: day(1), resolvedAt: day(3), resolveBy: day(5), score })

describe('yearly stars', () => {
  it('turns a score into one to five stars, ten points a star from 90%', () => {
    expect([1, 0.9, 0.89, 0.8, 0.7, 0.6, 0.59, 0].map(starsOf)).toEqual([5, 5, 4, 4, 3, 2, 1, 1])
    expect(starText(3)).toBe('★★★☆☆')
  })

  it('scores a building by the mean of its three rates', () => {
    // Response 3/4 (one accepted late), resolution 3/4 (one open past its deadline), satisfaction 2/3.
    const late: RatedCase = { building: '3', state: 'in_progress', respondBy: day(2), acceptedAt: day(4), resolvedAt: null, resolveBy: day(6), score: null }
    const result = buildingScore([resolvedInTime('satisfied'), resolvedInTime('basic'), resolvedInTime('unsatisfied'), late], now)
    expect(result.cases).toBe(4)
    expect(result.score).toBeCloseTo((0.75 + 0.75 + 2 / 3) / 3)
    expect(result.stars).toBe(3)
  })

  it('gives no stars on fewer than three cases', () => {
    expect(buildingScore([resolvedInTime('satisfied'), resolvedInTime('satisfied')], now)).toEqual({ cases: 2, score: null, stars: null })
  })

  it('rates volunteers by the year’s hours', () => {
    expect([30, 4 * 60, 12 * 60, 24 * 60, 40 * 60].map(volunteerStars)).toEqual([1, 2, 3, 4, 5])
  })
})
