/** Prisma's codes, and SQLite's own for statements run straight on its connection. */
// CASE_CHANGED_MEANWHILE: a command lost a race for a case (case-store.ts); handled again, it reads the case anew.
const TRANSIENT_CODES = new Set(['CASE_CHANGED_MEANWHILE', 'P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034', 'SQLITE_BUSY', 'SQLITE_LOCKED'])
const UNIQUE_CODES = new Set(['P2002', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'])
const TRANSIENT_TEXT = /database is locked|SQLITE_BUSY|ECONNREFUSED|ECONNRESET|Connection terminated|terminating connection|server closed the connection|Can't reach database|timed out/i
/** The driver's own kinds of error, as a raw statement (P2010) reports them. */
const TRANSIENT_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TransactionWriteConflict'])

interface PrismaLikeError {
  code?: string
  message?: string
  meta?: { driverAdapterError?: { cause?: { kind?: string } } }
  cause?: { kind?: string }
}

/**
 * What the driver said went wrong: set on errors of raw statements, where Prisma gives only P2010,
 * and the error itself for statements run on the driver adapter (bot/db/connection.ts).
 */
const driverKind = (error: PrismaLikeError): string | undefined => error.meta?.driverAdapterError?.cause?.kind ?? error.cause?.kind

/** True for a database that is locked, restarting or unreachable for now: worth trying again. */
export function isTransientDbError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as PrismaLikeError
  if (e.code && TRANSIENT_CODES.has(e.code)) return true
  if (TRANSIENT_KINDS.has(driverKind(e) ?? '')) return true
  return TRANSIENT_TEXT.test(String(e.message ?? ''))
}

/** True for the error a unique key raises: a redelivery or a second claim, not a failure. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as PrismaLikeError
  return (e.code !== undefined && UNIQUE_CODES.has(e.code)) || driverKind(e) === 'UniqueConstraintViolation'
}
