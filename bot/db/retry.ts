import { isTransientDbError } from '../../handlers/db-errors.js'

export { isTransientDbError, isUniqueViolation } from '../../handlers/db-errors.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `work` again while the database is locked or down, waiting longer each time (¼ s doubling
 * up to 30 s), for at most `forMs`; any other error, or the last one, is thrown.
 */
export async function withDbRetry<T>(work: () => Promise<T>, onRetry: (error: unknown, attempt: number, waitMs: number) => void, forMs = 5 * 60_000): Promise<T> {
  const started = Date.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      const waitMs = Math.min(250 * 2 ** (attempt - 1), 30_000)
      if (!isTransientDbError(error) || Date.now() - started + waitMs > forMs) throw error
      onRetry(error, attempt, waitMs)
      await sleep(waitMs)
    }
  }
}
