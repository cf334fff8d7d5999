import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { postgresConnection } from '../../../bot/config/database-url.js'
import { migrateDatabase, pendingMigrations } from '../../../bot/db/migrate.js'
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaOf } from '../../../bot/db/postgres-schema.js'
import { tempSqliteUrl } from '../../support/harness.js'

type Columns = Record<string, Record<string, 'null' | 'not null'>>

/** Tables and columns (with nullability) the Prisma schema declares; relation fields are not columns. */
function declared(schemaText: string): Columns {
  const blocks = [...schemaText.matchAll(/^model (\w+) \{([^}]*)\}/gm)]
  const models = new Set(blocks.map((b) => b[1]!))
  const out: Columns = {}
  for (const [, name, body] of blocks) {
    out[name!] = {}
    for (const line of body!.split('\n')) {
      const m = /^\s*(\w+)\s+(\w+)(\?|\[\])?/.exec(line)
      if (!m || line.trim().startsWith('//') || models.has(m[2]!) || m[3] === '[]') continue
      out[name!]![m[1]!] = m[3] === '?' ? 'null' : 'not null'
    }
  }
  return out
}

const sqliteFile = (url: string) => url.slice('file:'.length)

// Two schema files and two migration folders come from one source: these tests fail when the
// PostgreSQL twin is stale or when either provider's migrations do not build the schema.
describe('SQLite and PostgreSQL schemas', () => {
  const source = readFileSync(SQLITE_SCHEMA, 'utf8')

  it('keeps the PostgreSQL schema generated from the SQLite one (run npm run db:postgres -- NAME)', () => {
    expect(readFileSync(POSTGRES_SCHEMA, 'utf8')).toBe(postgresSchemaOf(source))
  })

  it('builds every declared column with SQLite migrations', async () => {
    const url = tempSqliteUrl()
    await migrateDatabase(url)
    const db = new Database(sqliteFile(url), { readonly: true })
    const built: Columns = {}
    for (const table of Object.keys(declared(source))) {
      const rows = db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; notnull: number; pk: number }>
      built[table] = Object.fromEntries(rows.map((r) => [r.name, r.notnull || r.pk ? 'not null' : 'null']))
    }
    db.close()
    expect(built).toEqual(declared(source))
  })

  it('builds every declared column with PostgreSQL migrations', async () => {
    const base = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'
    const url = `${base}?schema=drift_${process.pid}_${Date.now()}`
    await migrateDatabase(url)
    const { connectionString, schema } = postgresConnection(url)
    const client = new pg.Client({ connectionString })
    await client.connect()
    try {
      const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
        [schema],
      )
      const built: Columns = {}
      for (const r of rows) (built[r.table_name] ??= {})[r.column_name] = r.is_nullable === 'YES' ? 'null' : 'not null'
      expect(built).toEqual(declared(readFileSync(POSTGRES_SCHEMA, 'utf8')))
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await client.end()
    }
  })
})

describe('migrations on start', () => {
  it('leaves an up-to-date SQLite file alone while another process holds it open in WAL mode', async () => {
    const url = tempSqliteUrl()
    expect((await pendingMigrations(url)).length).toBeGreaterThan(0)
    await migrateDatabase(url)
    expect(await pendingMigrations(url)).toEqual([])
    // The running bot keeps its file in write-ahead-log mode; a second start, the export or the
    // schedules command must not fail on it.
    const holder = new Database(sqliteFile(url))
    holder.pragma('journal_mode = WAL')
    holder.prepare('SELECT count(*) FROM "_prisma_migrations"').get()
    try {
      await expect(migrateDatabase(url)).resolves.toBeUndefined()
    } finally {
      holder.close()
    }
  })

  it('applies a migration recorded as rolled back again', async () => {
    const url = tempSqliteUrl()
    await migrateDatabase(url)
    const db = new Database(sqliteFile(url))
    const [last] = db.prepare('SELECT migration_name AS name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1').all() as Array<{ name: string }>
    db.prepare('UPDATE "_prisma_migrations" SET rolled_back_at = finished_at WHERE migration_name = ?').run(last!.name)
    db.close()
    expect(await pendingMigrations(url)).toEqual([last!.name])
  })
})
