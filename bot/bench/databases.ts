import { rmSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { openDatabase, tuneDb, type Db } from '../db/client.js'
import { migrateDatabase } from '../db/migrate.js'
import { root } from './processes.js'

export type DbKind = 'SQLite' | 'PostgreSQL'
export const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'

export function databaseUrl(db: DbKind, name: string): string {
  if (db === 'SQLite') return `file:${path.join(root, 'data', `bench-${name}-${process.pid}.db`)}`
  return `${POSTGRES}${POSTGRES.includes('?') ? '&' : '?'}schema=bench_${name.replace(/\W/g, '_')}_${process.pid}`
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

/** Removes a measurement's database: its SQLite files, or its PostgreSQL schema. */
export async function dropDatabase(url: string): Promise<void> {
  if (url.startsWith('file:')) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(url.slice('file:'.length) + suffix, { force: true })
    return
  }
  const schema = new URL(url).searchParams.get('schema')
  if (!schema) return
  const client = new pg.Client({ connectionString: POSTGRES })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await client.end()
}

/** A new, migrated database of `db`'s kind for one measurement, tuned as the bot tunes its own. */
export async function freshDb(db: DbKind, name: string): Promise<{ url: string; client: Db }> {
  const url = databaseUrl(db, name)
  await migrateDatabase(url)
  const database = await openDatabase(url)
  await tuneDb(database)
  const client = database.prisma
  return { url, client }
}
