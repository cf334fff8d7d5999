import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from './generated/prisma/client.js'

export type Db = PrismaClient
export { Prisma } from './generated/prisma/client.js'

/** The one Prisma client factory: SQLite through the better-sqlite3 driver adapter. */
export function createDb(databaseUrl: string): Db {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL ${databaseUrl.split(':')[0]}: only SQLite (file:...) is supported in this version`)
  }
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 })
  return new PrismaClient({ adapter })
}
export { isUniqueViolation } from '../handlers/db-errors.js'
