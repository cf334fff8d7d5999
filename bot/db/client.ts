import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils'
import type Database from 'better-sqlite3'
import { PrismaClient } from '../generated/prisma/client.js'
import { isPostgresUrl, postgresConnection } from '../config/database-url.js'
import { isTransientDbError } from '../../handlers/db-errors.js'
import { type ConnectionHolder, postgresStatementName, PREPARED_LIMIT, registerConnection } from './connection.js'

export { isTransientDbError, isUniqueViolation } from '../../handlers/db-errors.js'

export type Db = PrismaClient
export { Prisma } from '../generated/prisma/client.js'

/**
 * Errors without the caller's source excerpt: any other format makes Prisma capture a stack trace
 * on every query in case it fails, which cost a fifth of the CPU time of handling a message.
 * Logged errors keep their message, code and stack.
 */
const ERROR_FORMAT = 'minimal'

/**
 * The one Prisma client factory: SQLite (file:…) through the better-sqlite3 driver adapter, or
 * PostgreSQL (postgresql://…, optional ?schema=) through node-postgres. Both clients come from
 * the same models, so the rest of the code sees one type. The PostgreSQL client, its adapter and
 * node-postgres are loaded only for a PostgreSQL URL: a SQLite bot does not carry them.
 */
export async function createDb(databaseUrl: string, options: { connections?: number } = {}): Promise<Db> {
  if (isPostgresUrl(databaseUrl)) {
    const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([import('@prisma/adapter-pg'), import('../generated/prisma-pg/client.js')])
    const { connectionString, schema } = postgresConnection(databaseUrl)
    const pool = { connectionString, ...(options.connections ? { max: options.connections } : {}) }
    const inner = new PrismaPg(pool, { schema, statementNameGenerator: postgresStatementName })
    const holder: ConnectionHolder = { provider: 'postgres' }
    // Prisma's own adapter, which also hands its connection to the hot statements (statements.ts) and takes it back when disposed.
    const adapter: typeof inner = Object.assign(Object.create(inner) as typeof inner, {
      connect: async () => {
        const connection = await inner.connect()
        holder.postgres = connection
        const dispose = connection.dispose.bind(connection)
        connection.dispose = () => {
          holder.postgres = undefined
          return dispose()
        }
        return connection
      },
    })
    const prisma = new PostgresClient({ adapter, errorFormat: ERROR_FORMAT }) as unknown as Db
    registerConnection(prisma, holder)
    return prisma
  }
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`DATABASE_URL ${databaseUrl.split(':')[0]}: use file:… (SQLite) or postgresql://… (PostgreSQL)`)
  }
  const inner = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 })
  const holder: ConnectionHolder = { provider: 'sqlite' }
  const adapter: typeof inner = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const connection = await inner.connect()
      // The adapter's connection keeps its better-sqlite3 database as `client` (pinned version); the hot statements run on it.
      const { client } = connection as unknown as { client?: Database.Database }
      if (typeof client?.prepare !== 'function') throw new Error('the SQLite driver adapter keeps its connection elsewhere: check statements.ts against this Prisma version')
      reusePreparedStatements(client)
      holder.sqlite = client
      gateTransactions(connection, holder)
      return connection
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  } as typeof inner
  const prisma = new PrismaClient({ adapter, errorFormat: ERROR_FORMAT })
  registerConnection(prisma, holder)
  return prisma
}

/**
 * SQLite has one connection, and a Prisma transaction (a case moved, personal data erased) stays
 * open across awaits: a statement run meanwhile would join it, and be undone if it rolls back. The
 * hot statements (statements.ts) wait while one is open, so a stored message cannot be lost that way.
 */
function gateTransactions(connection: SqlDriverAdapter, holder: ConnectionHolder): void {
  const start = connection.startTransaction.bind(connection)
  connection.startTransaction = async (isolationLevel) => {
    const tx = await start(isolationLevel)
    let ended!: () => void
    holder.transaction = new Promise<void>((resolve) => (ended = resolve))
    const end = () => {
      holder.transaction = undefined
      ended()
    }
    const [commit, rollback] = [tx.commit.bind(tx), tx.rollback.bind(tx)]
    tx.commit = () => commit().finally(end)
    tx.rollback = () => rollback().finally(end)
    return tx
  }
}

/**
 * The better-sqlite3 adapter prepares every statement anew and binds it once (a better-sqlite3
 * statement can be bound only once). This keeps each text prepared on the connection and binds
 * the values on every run instead, for Prisma's own queries (commands, summaries, schedules; the
 * per-message statements run in statements.ts): while those went through Prisma too, it took a
 * fifth off the CPU per message (`npm run bench`). The adapter's calls are the only ones wrapped:
 * prepare(sql).run(), and prepare(sql).bind(args) then reader, run(), columns() and raw().all().
 */
function reusePreparedStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db)
  const prepared = new Map<string, Database.Statement>()
  const statement = (sql: string) => {
    let stmt = prepared.get(sql)
    if (!stmt) {
      stmt = prepare(sql)
      if (stmt.reader) stmt.raw(true)
      if (prepared.size >= PREPARED_LIMIT) prepared.clear()
      prepared.set(sql, stmt)
    }
    return stmt
  }
  Object.assign(db, {
    prepare: (sql: string) => {
      const stmt = statement(sql)
      return {
        run: () => stmt.run(),
        bind: (args: unknown[]) => ({
          reader: stmt.reader,
          run: () => stmt.run(...args),
          columns: () => stmt.columns(),
          raw: () => ({ all: () => stmt.all(...args) }),
        }),
      }
    },
  })
}

/**
 * The client the outbox sender uses. On PostgreSQL, a pool of its own (two connections): with many
 * messages being handled at once, its queries would otherwise wait behind theirs, and replies go
 * out only after a burst. SQLite shares the one connection: a second one in the same process
 * could wait on the first one's open transaction while holding up the event loop it needs.
 */
export async function senderDb(db: Db, databaseUrl: string): Promise<Db> {
  return isPostgresUrl(databaseUrl) ? createDb(databaseUrl, { connections: 2 }) : db
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
export async function tuneDb(db: Db, databaseUrl: string): Promise<void> {
  if (isPostgresUrl(databaseUrl)) return
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
  await db.$executeRawUnsafe(`PRAGMA cache_size = -${SQLITE_CACHE_KB}`)
}

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
