import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from './generated/prisma/client.js'
import { PrismaClient as PostgresClient } from './generated/prisma-pg/client.js'
import { isPostgresUrl, postgresConnection } from './database-url.js'

export type Db = PrismaClient
export { Prisma } from './generated/prisma/client.js'

/**
 * The one Prisma client factory: SQLite (file:…) through the better-sqlite3 driver adapter, or
 * PostgreSQL (postgresql://…, optional ?schema=) through node-postgres. Both clients come from
 * the same models, so the rest of the code sees one type.
 */
export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    const { connectionString, schema } = postgresConnection(databaseUrl)
    return new PostgresClient({ adapter: new PrismaPg({ connectionString }, { schema }) }) as unknown as Db
  }
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL ${databaseUrl.split(':')[0]}: use file:… (SQLite) or postgresql://… (PostgreSQL)`)
  }
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 })
  return new PrismaClient({ adapter })
}
export { isUniqueViolation } from '../handlers/db-errors.js'
