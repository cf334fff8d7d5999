import type { LlmBudget } from './refine-with-model.js'

/** At most `perResident` model calls per resident and `perDay` in all, per UTC day. */
export class DailyLlmBudget implements LlmBudget {
  private day = ''
  private total = 0
  private readonly byResident = new Map<string, number>()

  constructor(
    private readonly perResident: number,
    private readonly perDay: number,
  ) {}

  take(residentId: string, now: Date): boolean {
    const day = now.toISOString().slice(0, 10)
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
