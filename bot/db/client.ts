import { PrismaClient } from '../generated/prisma/client.js'
import { isPostgresUrl, postgresConnection } from '../config/database-url.js'
import { holdingPostgresAdapter, holdingSqliteAdapter } from './adapters.js'
import { postgresStatements, sqliteStatements, StatementNames, type ConnectionHolder, type Statements } from './connection.js'

export type Db = PrismaClient
export { Prisma } from '../generated/prisma/client.js'

/** A database as the bot holds it: the Prisma client, and the hand-written statements on its connection. */
export interface Database {
  prisma: Db
  sql: Statements
}

/**
 * Errors without the caller's source excerpt: any other format makes Prisma capture a stack trace
 * on every query in case it fails, which cost a fifth of the CPU time of handling a message.
 * Logged errors keep their message, code and stack.
 */
const ERROR_FORMAT = 'minimal'

/**
 * The one client factory: SQLite (file:…) through the better-sqlite3 driver adapter, or
 * PostgreSQL (postgresql://…, optional ?schema=) through node-postgres. Both clients come from
 * the same models, so the rest of the code sees one type. The PostgreSQL client, its adapter and
 * node-postgres are loaded only for a PostgreSQL URL: a SQLite bot does not carry them.
 */
export async function openDatabase(databaseUrl: string, options: { connections?: number } = {}): Promise<Database> {
  const holder: ConnectionHolder = {}
  if (isPostgresUrl(databaseUrl)) {
    const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([import('@prisma/adapter-pg'), import('../generated/prisma-pg/client.js')])
    const { connectionString, schema } = postgresConnection(databaseUrl)
    const pool = { connectionString, ...(options.connections ? { max: options.connections } : {}) }
    const names = new StatementNames()
    const adapter = holdingPostgresAdapter(new PrismaPg(pool, { schema, statementNameGenerator: names.nameOf }), holder)
    const prisma = new PostgresClient({ adapter, errorFormat: ERROR_FORMAT }) as unknown as Db
    return { prisma, sql: postgresStatements(holder, names, () => prisma.$connect()) }
  }
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL ${databaseUrl.split(':')[0]}: use file:… (SQLite) or postgresql://… (PostgreSQL)`)
  }
  const prisma = new PrismaClient({ adapter: holdingSqliteAdapter(databaseUrl, holder), errorFormat: ERROR_FORMAT })
  return { prisma, sql: sqliteStatements(holder, () => prisma.$connect()) }
}

/**
 * The database the outbox sender uses. On PostgreSQL, a pool of its own (two connections): with
 * many messages being handled at once, its queries would otherwise wait behind theirs, and replies
 * go out only after a burst. SQLite shares the one connection: a second one in the same process
 * could wait on the first one's open transaction while holding up the event loop it needs.
 */
export async function senderDatabase(database: Database, databaseUrl: string): Promise<Database> {
  return isPostgresUrl(databaseUrl) ? openDatabase(databaseUrl, { connections: 2 }) : database
}

/**
 * Pages SQLite keeps in the bot's own memory, in KB. better-sqlite3 sets 16 MB, which the file
 * reaches within a day of busy groups and which then stays; the pages the bot reads again are few
 * (today's messages, the open cases, the indexes), and the operating system caches the file anyway.
 */
const SQLITE_CACHE_KB = 4000

/**
 * SQLite in write-ahead-log mode, syncing at checkpoints rather than at every commit: readers never
 * wait for the writer, and a commit costs no disk flush. A power cut may lose the last moments of
 * writes, never corrupt the file. PostgreSQL needs nothing here.
 */
export async function tuneDb(database: Database): Promise<void> {
  if (database.sql.provider === 'postgres') return
  const { prisma } = database
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
  await prisma.$executeRawUnsafe(`PRAGMA cache_size = -${SQLITE_CACHE_KB}`)
}
