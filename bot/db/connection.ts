import { ColumnTypeEnum, type SqlQuery, type SqlQueryable } from '@prisma/driver-adapter-utils'
import Database from 'better-sqlite3'
import type { Db } from './client.js'
import { Prisma } from '../generated/prisma/client.js'

/**
 * The statements that run for every message (storing it, writing a case, queueing and sending the
 * replies), as parameterised SQL written once for both databases: quoted names, ON CONFLICT … DO
 * NOTHING and RETURNING read the same in SQLite and PostgreSQL.
 *
 * They run on the connection Prisma itself uses, below its client engine, which costs several
 * times the statement: it turns every call, raw SQL included, into a plan in WebAssembly and the
 * rows back into objects (`npm run bench` measures the difference). On SQLite that is the
 * better-sqlite3 database, with values written in the form Prisma writes them (dates as ISO 8601
 * text, booleans as 0 and 1); on PostgreSQL, Prisma's driver adapter, which converts values the
 * way it does for Prisma. Rows come back as Prisma gives them (dates as Date, booleans as
 * boolean), so either path reads what the other wrote.
 *
 * On SQLite they wait while a Prisma transaction is open on the connection (db.ts): never call them
 * from inside a `$transaction` callback, which would then wait for itself.
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

/**
 * PostgreSQL only, in a statement's select list or RETURNING: its transaction commits without
 * waiting for the write-ahead log to reach the disk (synchronous_commit off for that transaction).
 * For what the bot can work out again, and only that: a case written, replies queued with the
 * message marked handled, rows marked sent. Two commits still wait for the disk: storing a
 * resident's message (WeChat does not deliver it again) and claiming outbox rows before they are
 * sent; the log reaches the disk in order, so that claim also makes durable everything committed
 * before it — all a resident can have been told. Should the database server crash, a message
 * whose handling was lost is still stored as received and is handled again; rows whose "sent"
 * was lost stay "sending" and are reported as of unknown outcome at the next start, never resent.
 */
export const COMMIT_UNFLUSHED = Prisma.sql`set_config('synchronous_commit', 'off', true)`

/** Where a client's connection is found once Prisma has opened it; the client factory keeps it current. */
export interface ConnectionHolder {
  provider: 'sqlite' | 'postgres'
  sqlite?: Database.Database
  /** Settled when the Prisma transaction open on the SQLite connection ends. */
  transaction?: Promise<void>
  postgres?: Pick<SqlQueryable, 'queryRaw' | 'executeRaw'>
}

const holders = new WeakMap<Db, ConnectionHolder>()
const made = new WeakMap<Db, Statements>()

/** Called by the client factory: this client's connection is (or will be) in `holder`. */
export function registerConnection(db: Db, holder: ConnectionHolder): void {
  holders.set(db, holder)
}

/** The hot statements of a client made by `createDb`. */
export function statements(db: Db): Statements {
  let found = made.get(db)
  if (!found) {
    const holder = holders.get(db)
    if (!holder) throw new Error('a client made by createDb is needed')
    found = holder.provider === 'postgres' ? postgresStatements(db, holder) : sqliteStatements(db, holder)
    made.set(db, found)
  }
  return found
}

/** Whether a client speaks to PostgreSQL: for the few statements written differently there. */
export function isPostgres(db: Db): boolean {
  return holders.get(db)?.provider === 'postgres'
}

/** The SQLite statements of a client; throws for any other database. */
export function sqlite(db: Db): SqliteStatements {
  if (holders.get(db)?.provider !== 'sqlite') throw new Error('not a SQLite client')
  return statements(db) as SqliteStatements
}

/** The queries made here, as the PostgreSQL adapter is handed them: the ones given a statement name. */
const hot = new WeakSet<SqlQuery>()
const statementNames = new Map<string, string>()

/**
 * The name a hot statement is kept prepared under on each PostgreSQL connection (parsed and
 * planned once, then only bound), or '' for any other (Prisma's own, parsed every time). At most
 * PREPARED_LIMIT texts are named: a statement with an IN list has a text per length of its list.
 */
export function postgresStatementName(query: SqlQuery): string {
  if (!hot.has(query)) return ''
  let name = statementNames.get(query.sql)
  if (name === undefined) {
    // Past the limit, new texts go unnamed and are not remembered either.
    if (statementNames.size >= PREPARED_LIMIT) return ''
    name = `hg_${statementNames.size + 1}`
    statementNames.set(query.sql, name)
  }
  return name
}

function postgresStatements(db: Db, holder: ConnectionHolder): Statements {
  const connected = async () => {
    // Prisma opens its connection with the first query and again after $disconnect.
    if (!holder.postgres) await db.$connect()
    if (!holder.postgres) throw new Error('the PostgreSQL connection is not open')
    return holder.postgres
  }
  const sqlQuery = (query: Prisma.Sql): SqlQuery => {
    const made: SqlQuery = {
      sql: query.text,
      args: query.values,
      argTypes: query.values.map((value) => ({ scalarType: value instanceof Date ? 'datetime' : 'unknown', arity: 'scalar' })),
    }
    hot.add(made)
    return made
  }
  return {
    rows: async <T>(query: Prisma.Sql) => {
      const { columnNames, columnTypes, rows } = await (await connected()).queryRaw(sqlQuery(query))
      return rows.map((values) => {
        const row: Record<string, unknown> = {}
        for (let i = 0; i < columnNames.length; i++) {
          const value = values[i]
          row[columnNames[i]!] = value !== null && columnTypes[i] === ColumnTypeEnum.DateTime ? new Date(value as string) : value
        }
        return row as T
      })
    },
    run: async (query) => (await connected()).executeRaw(sqlQuery(query)),
  }
}

function sqliteStatements(db: Db, holder: ConnectionHolder): SqliteStatements {
  /** `work` on the open connection, run straight after the checks, with nothing awaited in between. */
  const onConnection = async <T>(work: (connection: SyncStatements, database: Database.Database) => T): Promise<T> => {
    for (;;) {
      // Prisma opens its connection with the first query and again after $disconnect.
      if (!holder.sqlite?.open) await db.$connect()
      // Not inside a transaction of Prisma's: what runs here must not be undone by its rollback.
      else if (holder.transaction) await holder.transaction
      else return work(syncOn(holder.sqlite), holder.sqlite)
      if (!holder.sqlite?.open) throw new Error('the SQLite connection is not open')
    }
  }
  return {
    rows: (query) => onConnection((connection) => connection.rows(query)),
    run: (query) => onConnection((connection) => connection.run(query)),
    atomically: (work) => onConnection((connection, database) => database.transaction(() => work(connection))()),
  }
}

const syncByConnection = new WeakMap<Database.Database, SyncStatements>()

function syncOn(database: Database.Database): SyncStatements {
  let found = syncByConnection.get(database)
  if (!found) syncByConnection.set(database, (found = syncStatements(database)))
  return found
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
