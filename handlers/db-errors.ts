const TRANSIENT_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2034'])
const TRANSIENT_TEXT = /database is locked|SQLITE_BUSY|ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|server closed the connection|Can't reach database|timed out/i

/** True for a database that is locked, restarting or unreachable for now: worth trying again. */
export function isTransientDbError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = (error as { code?: string }).code
  if (code && TRANSIENT_CODES.has(code)) return true
  return TRANSIENT_TEXT.test(String((error as { message?: string }).message ?? ''))
}

/** True for the error a unique key raises: a redelivery or a second claim, not a failure. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002'
}
