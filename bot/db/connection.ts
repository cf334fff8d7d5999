import { ColumnTypeEnum, type SqlQuery, type SqlQueryable } from '@prisma/driver-adapter-utils'
import Database from 'better-sqlite3'
import { Prisma } from '../generated/prisma/client.js'

/**
 * The hand-written statements run on the connection Prisma itself opened, below its client
 * engine, which costs several times the statement: it turns every call, raw SQL included, into a
 * plan in WebAssembly and the rows back into objects (`npm run bench` measures the difference).
 * On SQLite that is the better-sqlite3 database, with values written the way Prisma writes them
 * (dates as ISO 8601 text, booleans as 0 and 1); on PostgreSQL, Prisma's driver adapter, which
 * converts values as it does for Prisma. Rows come back as Prisma gives them (dates as Date,
 * booleans as boolean), so either path reads what the other wrote. The statements themselves,
 * each behind a named function, are in statements/.
 */
export interface Runner {
  rows<T>(query: Prisma.Sql): Promise<T[]>
  /** The number of rows changed. */
  run(query: Prisma.Sql): Promise<number>
}

export interface PostgresStatements extends Runner {
  provider: 'postgres'
}

export interface SqliteStatements extends Runner {
  provider: 'sqlite'
  /**
   * `work` as one transaction, run to the end before anything else touches the connection (the
   * driver is synchronous): nothing of another message's handling can slip in between, and an
   * error undoes all of it.
   */
  atomically<T>(work: (tx: SyncRunner) => T): Promise<T>
}

export type Statements = SqliteStatements | PostgresStatements

export interface SyncRunner {
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

/** Distinct statement texts kept prepared, at most; the hot ones are a few dozen. */
export const PREPARED_LIMIT = 500

/** Where the connection Prisma opened is found, kept current by the client factory (adapters.ts). */
export interface ConnectionHolder {
  sqlite?: Database.Database
  /** Settled when the Prisma transaction open on the SQLite connection ends. */
  transaction?: Promise<void>
  postgres?: Pick<SqlQueryable, 'queryRaw' | 'executeRaw'>
}

/**
 * Names for the hand-written statements on PostgreSQL, kept prepared on each connection (parsed
 * and planned once, then only bound); Prisma's own queries get '' (parsed every time). At most
 * PREPARED_LIMIT texts are named: a statement with an IN list has a text per length of its list.
 */
export class StatementNames {
  private readonly hot = new WeakSet<SqlQuery>()
  private readonly names = new Map<string, string>()

  /** Marks a query as one of ours. */
  mark(query: SqlQuery): SqlQuery {
    this.hot.add(query)
    return query
  }

  /** The adapter's statementNameGenerator. */
  readonly nameOf = (query: SqlQuery): string => {
    if (!this.hot.has(query)) return ''
    let name = this.names.get(query.sql)
    if (name === undefined) {
      // Past the limit, new texts go unnamed and are not remembered either.
      if (this.names.size >= PREPARED_LIMIT) return ''
      name = `hg_${this.names.size + 1}`
      this.names.set(query.sql, name)
    }
    return name
  }
}

/** The statements of a PostgreSQL client; `connect` opens Prisma's connection when it is closed. */
export function postgresStatements(holder: ConnectionHolder, names: StatementNames, connect: () => Promise<void>): PostgresStatements {
  const connected = async () => {
    // Prisma opens its connection with the first query and again after $disconnect.
    if (!holder.postgres) await connect()
    if (!holder.postgres) throw new Error('the PostgreSQL connection is not open')
    return holder.postgres
  }
  const sqlQuery = (query: Prisma.Sql): SqlQuery =>
    names.mark({
      sql: query.text,
      args: query.values,
      argTypes: query.values.map((value) => ({ scalarType: value instanceof Date ? 'datetime' : 'unknown', arity: 'scalar' })),
    })
  return {
    provider: 'postgres',
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

/**
 * The statements of a SQLite client. They wait while a Prisma transaction is open on the one
 * connection (a statement run meanwhile would join it, and be undone by its rollback), so they
 * cannot run inside one: the router hands command handlers, which run in a transaction, ports that
 * refuse them (inbound/handler-ports.ts).
 */
export function sqliteStatements(holder: ConnectionHolder, connect: () => Promise<void>): SqliteStatements {
  let sync: { database: Database.Database; runner: SyncRunner } | undefined
  const runnerOf = (database: Database.Database): SyncRunner => {
    if (sync?.database !== database) sync = { database, runner: syncRunner(database) }
    return sync.runner
  }
  /** `work` on the open connection, run straight after the checks, with nothing awaited in between. */
  const onConnection = async <T>(work: (connection: SyncRunner, database: Database.Database) => T): Promise<T> => {
    for (;;) {
      // Prisma opens its connection with the first query and again after $disconnect.
      if (!holder.sqlite?.open) await connect()
      else if (holder.transaction) await holder.transaction
      else return work(runnerOf(holder.sqlite), holder.sqlite)
      if (!holder.sqlite?.open) throw new Error('the SQLite connection is not open')
    }
  }
  return {
    provider: 'sqlite',
    rows: (query) => onConnection((connection) => connection.rows(query)),
    run: (query) => onConnection((connection) => connection.run(query)),
    atomically: (work) => onConnection((connection, database) => database.transaction(() => work(connection))()),
  }
}

/** How a stored value is turned back into what Prisma returns. */
type Kind = 'date' | 'boolean' | 'plain'

interface Prepared {
  statement: Database.Statement
  names: string[]
  kinds: Kind[]
}

function syncRunner(connection: Database.Database): SyncRunner {
  const cache = new Map<string, Prepared>()
  const prepared = (sql: string): Prepared => {
    let found = cache.get(sql)
    if (!found) {
      // The connection's own prepare: the instance's is wrapped for Prisma's adapter (adapters.ts).
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
