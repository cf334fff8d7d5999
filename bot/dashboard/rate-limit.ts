/** At most `limit` attempts per key (an address, a code) in a sliding window (a minute unless told). */
export class RateLimit {
  private readonly attempts = new Map<string, number[]>()

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts an attempt at `now`; false when the key is over its limit. */
  allow(key: string, now: number): boolean {
    const recent = (this.attempts.get(key) ?? []).filter((t) => t > now - this.windowMs)
    if (recent.length >= this.limit) {
      this.attempts.set(key, recent)
      return false
    }
    recent.push(now)
    this.attempts.set(key, recent)
    if (this.attempts.size > 10_000) this.attempts.clear()
    return true
  }
}
