import { localDateKey } from '../time.js'
import type { LlmBudget } from './refine-with-model.js'

/** At most `perResident` model calls per resident and `perDay` in all, per day of the community. */
export class DailyLlmBudget implements LlmBudget {
  private day = ''
  private total = 0
  private readonly byResident = new Map<string, number>()

  /** The day starts at midnight in `timeZone` (the community's), not in UTC. */
  constructor(
    private readonly perResident: number,
    private readonly perDay: number,
    private readonly timeZone = 'UTC',
  ) {}

  take(residentId: string, now: Date): boolean {
    const day = localDateKey(now, this.timeZone)
    if (day !== this.day) {
      this.day = day
      this.total = 0
      this.byResident.clear()
    }
    const used = this.byResident.get(residentId) ?? 0
    if (used >= this.perResident || this.total >= this.perDay) return false
    this.byResident.set(residentId, used + 1)
    this.total++
    return true
  }
}
