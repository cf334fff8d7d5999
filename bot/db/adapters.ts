import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import type { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils'
import type Database from 'better-sqlite3'
import { PREPARED_LIMIT, type ConnectionHolder } from './connection.js'

/**
 * Prisma's driver adapters, each made to hand the connection it opens to the hand-written
 * statements (connection.ts). Everything this program does to Prisma's insides is in this file,
 * checked against the pinned versions (@prisma/adapter-better-sqlite3 6.19, @prisma/adapter-pg).
 */

/** The PostgreSQL adapter, which keeps its connection in `holder` while it is open. */
export function holdingPostgresAdapter(inner: PrismaPg, holder: ConnectionHolder): PrismaPg {
  return Object.assign(Object.create(inner) as PrismaPg, {
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
}

/** The SQLite adapter, which keeps its better-sqlite3 database in `holder` and its open transaction too. */
export function holdingSqliteAdapter(databaseUrl: string, holder: ConnectionHolder): PrismaBetterSQLite3 {
  const inner = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 })
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const connection = await inner.connect()
      // The adapter's connection keeps its better-sqlite3 database as `client`; the hand-written statements run on it.
      const { client } = connection as unknown as { client?: Database.Database }
      if (typeof client?.prepare !== 'function') throw new Error('the SQLite driver adapter keeps its connection elsewhere: check bot/db/adapters.ts against this Prisma version')
      reusePreparedStatements(client)
      holder.sqlite = client
      gateTransactions(connection, holder)
      return connection
    },
    connectToShadowDb: () => inner.connectToShadowDb(),
  } as PrismaBetterSQLite3
}

/**
 * SQLite has one connection, and a Prisma transaction (a command's change, personal data erased)
 * stays open across awaits: a statement run meanwhile would join it, and be undone if it rolls
 * back. The hand-written statements wait while one is open, so a stored message cannot be lost that way.
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
 * the values on every run instead, for Prisma's own queries (commands, summaries, schedules): it
 * took a fifth off the CPU per message while those went through Prisma too (`npm run bench`). The
 * adapter's calls are the only ones wrapped: prepare(sql).run(), and prepare(sql).bind(args) then
 * reader, run(), columns() and raw().all().
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
