const HOUR = 3_600_000

/** What a resident's next command gets: an answer, the one "please wait" of this hour, or silence. */
export type Allowance = 'answer' | 'wait' | 'silent'

/**
 * How many commands one contact may have answered in an hour, so that a few people sending 帮助
 * hundreds of times cannot use up the account's daily sends. Kept in memory: a restart starts
 * the count afresh, which only ever lets through more, never less.
 */
export class ReplyBudget {
  private readonly answered = new Map<string, number[]>()
  private readonly toldToWait = new Map<string, number>()

  constructor(private readonly perHour: number) {}

  take(contactId: string, now: number): Allowance {
    const recent = (this.answered.get(contactId) ?? []).filter((t) => t > now - HOUR)
    if (recent.length < this.perHour) {
      recent.push(now)
      this.answered.set(contactId, recent)
      this.toldToWait.delete(contactId)
      return 'answer'
    }
    this.answered.set(contactId, recent)
    const told = this.toldToWait.get(contactId)
    if (told !== undefined && told > now - HOUR) return 'silent'
    this.toldToWait.set(contactId, now)
    this.forgetIdle(now)
    return 'wait'
  }

  /** Contacts with nothing in the last hour are dropped, so the map holds only the busy ones. */
  private forgetIdle(now: number): void {
    for (const [id, times] of this.answered) if (!times.some((t) => t > now - HOUR)) this.answered.delete(id)
  }
}
