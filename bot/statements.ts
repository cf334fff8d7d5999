import Database from 'better-sqlite3'
import type { Db, Prisma } from './db.js'

/**
 * The statements that run for every message (storing it, writing a case, queueing and sending the
 * replies), as parameterised SQL written once for both databases: quoted names, ON CONFLICT … DO
 * NOTHING and RETURNING read the same in SQLite and PostgreSQL.
 *
 * On SQLite they run straight on the connection Prisma itself uses, without Prisma's client
 * engine, which costs several times the statement: it turns every call, raw SQL included, into a
 * plan in WebAssembly and the rows back into objects (`npm run bench` measures the difference).
 * Values are written in the form Prisma writes them (dates as ISO 8601 text, booleans as 0 and 1),
 * and rows come back as Prisma gives them (dates as Date, booleans as boolean), so either path
 * reads what the other wrote. On PostgreSQL they go through Prisma's raw queries.
 */
export interface Statements {
  rows<T>(query: Prisma.Sql): Promise<T[]>
  /** The number of rows changed. */
  run(query: Prisma.Sql): Promise<number>
}

/** Statements on SQLite, which can also run several at once as one transaction. */
export interface SqliteStatements extends Statements {
  /**
   * `work` as one transaction, run to the end before anything else touches the connection (the
   * driver is synchronous): nothing of another message's handling can slip in between, and an
   * error undoes all of it.
   */
  atomically<T>(work: (tx: SyncStatements) => T): Promise<T>
}

export interface SyncStatements {
  rows<T>(query: Prisma.Sql): T[]
  run(query: Prisma.Sql): number
}

/** Where a SQLite client's connection is found once Prisma has opened it. */
export interface ConnectionHolder {
  connection?: Database.Database
}

const sqliteHolders = new WeakMap<Db, ConnectionHolder>()

/** Called by the client factory: this SQLite client's connection is (or will be) in `holder`. */
export function registerSqliteConnection(db: Db, holder: ConnectionHolder): void {
  sqliteHolders.set(db, holder)
}

/** The hot statements of a client: straight on SQLite's connection, or Prisma's raw queries on PostgreSQL. */
export function statements(db: Db): Statements {
  const holder = sqliteHolders.get(db)
  if (holder) return sqliteStatements(db, holder)
  return { rows: (query) => db.$queryRaw(query), run: (query) => db.$executeRaw(query) }
}

/** The SQLite statements of a client; throws for any other database. */
export function sqlite(db: Db): SqliteStatements {
  const holder = sqliteHolders.get(db)
  if (!holder) throw new Error('not a SQLite client')
  return sqliteStatements(db, holder)
}

const onConnection = new WeakMap<Database.Database, SyncStatements>()

function sqliteStatements(db: Db, holder: ConnectionHolder): SqliteStatements {
  const connected = async (): Promise<Database.Database> => {
    // Prisma opens its connection with the first query and again after $disconnect.
    if (!holder.connection?.open) await db.$connect()
    if (!holder.connection?.open) throw new Error('the SQLite connection is not open')
    return holder.connection
  }
  const sync = (connection: Database.Database): SyncStatements => {
    let found = onConnection.get(connection)
    if (!found) onConnection.set(connection, (found = syncStatements(connection)))
    return found
  }
  return {
    rows: async (query) => sync(await connected()).rows(query),
    run: async (query) => sync(await connected()).run(query),
    atomically: async (work) => {
      const connection = await connected()
      return connection.transaction(() => work(sync(connection)))()
    },
  }
}

/** Distinct statement texts kept prepared, at most; the hot ones are a few dozen. */
export const PREPARED_LIMIT = 500

/** How a stored value is turned back into what Prisma returns. */
type Kind = 'date' | 'boolean' | 'plain'

interface Prepared {
  statement: Database.Statement
  names: string[]
  kinds: Kind[]
}

function syncStatements(connection: Database.Database): SyncStatements {
  const cache = new Map<string, Prepared>()
  const prepared = (sql: string): Prepared => {
    let found = cache.get(sql)
    if (!found) {
      // The connection's own prepare: the instance's is wrapped for Prisma's adapter (db.ts).
      const statement = Database.prototype.prepare.call(connection, sql)
      // Prisma's own statements on this connection read integers as BigInt; ids and counts fit a number.
      statement.safeIntegers(false)
      const columns = statement.reader ? statement.columns() : []
      // Rows as arrays, made into objects here: a quarter cheaper than the driver's own objects.
      if (statement.reader) statement.raw(true)
      const kindOf = (type: string | null): Kind => (type?.toUpperCase() === 'DATETIME' ? 'date' : type?.toUpperCase() === 'BOOLEAN' ? 'boolean' : 'plain')
      found = { statement, names: columns.map((c) => c.name), kinds: columns.map((c) => kindOf(c.type)) }
      if (cache.size >= PREPARED_LIMIT) cache.clear()
      cache.set(sql, found)
    }
    return found
  }
  return {
    rows: <T>(query: Prisma.Sql) => {
      const { statement, names, kinds } = prepared(query.sql)
      const stored = statement.all(...query.values.map(storedValue)) as unknown[][]
      return stored.map((values) => {
        const row: Record<string, unknown> = {}
        for (let i = 0; i < names.length; i++) {
          const value = values[i]
          row[names[i]!] = value === null ? null : kinds[i] === 'date' ? new Date(value as string | number) : kinds[i] === 'boolean' ? Boolean(value) : value
        }
        return row as T
      })
    },
    run: (query) => prepared(query.sql).statement.run(...query.values.map(storedValue)).changes,
  }
}

/** A value as Prisma stores it in SQLite. */
function storedValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
  if (typeof value === 'boolean') return value ? 1 : 0
  return value ?? null
}
