import type { Clock } from '../handlers/context.js'

export type { Clock }

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until a test moves it. */
export class ManualClock implements Clock {
  private current: Date

  constructor(start: Date | string) {
    this.current = new Date(start)
  }

  now(): Date {
    return new Date(this.current)
  }

  set(to: Date | string): void {
    this.current = new Date(to)
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
}
