import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import Database from 'better-sqlite3'
import { isPostgresUrl, postgresConnection } from '../config/database-url.js'
import { POSTGRES_MIGRATIONS } from './postgres-schema.js'
import { PROJECT_ROOT } from '../config/project-root.js'

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')

/** What `prisma migrate deploy` prints once every migration is in. */
const DONE = /All migrations have been successfully applied|No pending migrations to apply/

/** Migration folders of each provider, oldest first. */
const MIGRATIONS = {
  sqlite: path.join(PROJECT_ROOT, 'prisma', 'migrations'),
  postgres: path.join(PROJECT_ROOT, POSTGRES_MIGRATIONS),
}

/**
 * Applies pending migrations with the Prisma CLI (offline, WebAssembly schema engine). When the
 * database already has every migration the CLI is not started at all: starting is faster, and a
 * SQLite file another process holds open in write-ahead-log mode (a standby beside the running
 * bot, the export or schedules command) is left alone, which the schema engine cannot do. With
 * PostgreSQL the CLI lingers about ten seconds on its idle connection pool after finishing, so
 * its work is taken as done when it says so, and it is stopped.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if ((await pendingMigrations(databaseUrl)).length === 0) return
  if (isPostgresUrl(databaseUrl)) await createSchema(databaseUrl)
  const env = { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' }
  const config = isPostgresUrl(databaseUrl) ? ['--config', 'prisma.postgres.config.ts'] : []
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy', ...config], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let done = false
    const collect = (chunk: Buffer) => {
      output += chunk
      if (!done && DONE.test(output)) {
        done = true
        resolve()
        child.kill()
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', reject)
    child.on('exit', (code) => {
      if (done) return
      if (code === 0) return resolve()
      const detail = output.trim().split('\n').slice(-3).join(' ')
      reject(new Error(`database migration failed: ${detail}`))
    })
  })
}

/** Migrations in the project that the database has not recorded as applied. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const folder = isPostgresUrl(databaseUrl) ? MIGRATIONS.postgres : MIGRATIONS.sqlite
  const all = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
  const applied = new Set(await appliedMigrations(databaseUrl))
  return all.filter((name) => !applied.has(name))
}

/** node-postgres, loaded for a PostgreSQL URL only. */
async function postgresClient(connectionString: string) {
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString })
  await client.connect()
  return client
}

const APPLIED = 'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL'

/** Names Prisma's own ledger records as applied; none when there is no database or ledger yet. */
async function appliedMigrations(databaseUrl: string): Promise<string[]> {
  if (isPostgresUrl(databaseUrl)) {
    const { connectionString, schema } = postgresConnection(databaseUrl)
    const client = await postgresClient(connectionString)
    try {
      const table = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = '_prisma_migrations'`, [schema])
      if (table.rowCount === 0) return []
      const { rows } = await client.query<{ migration_name: string }>(APPLIED.replace('"_prisma_migrations"', `"${schema}"."_prisma_migrations"`))
      return rows.map((r) => r.migration_name)
    } finally {
      await client.end()
    }
  }
  const file = databaseUrl.slice('file:'.length)
  if (!existsSync(file)) return []
  const db = new Database(file, { readonly: true, timeout: 10_000 })
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get()
    if (!table) return []
    return (db.prepare(APPLIED).all() as Array<{ migration_name: string }>).map((r) => r.migration_name)
  } finally {
    db.close()
  }
}

/** Prisma migrates into an existing schema only: make a `?schema=` one first. */
async function createSchema(databaseUrl: string): Promise<void> {
  const { connectionString, schema } = postgresConnection(databaseUrl)
  if (schema === 'public') return
  const client = await postgresClient(connectionString)
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
  } finally {
    await client.end()
  }
}
