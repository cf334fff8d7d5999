import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { isPostgresUrl, postgresConnection } from './database-url.js'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')

/** What `prisma migrate deploy` prints once every migration is in. */
const DONE = /All migrations have been successfully applied|No pending migrations to apply/

/**
 * Applies pending migrations with the Prisma CLI (offline, WebAssembly schema engine). With
 * PostgreSQL the CLI lingers about ten seconds on its idle connection pool after finishing, so
 * its work is taken as done when it says so, and it is stopped.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if (isPostgresUrl(databaseUrl)) await createSchema(databaseUrl)
  const env = { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' }
  const config = isPostgresUrl(databaseUrl) ? ['--config', 'prisma.postgres.config.ts'] : []
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy', ...config], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
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

/** Prisma migrates into an existing schema only: make a `?schema=` one first. */
async function createSchema(databaseUrl: string): Promise<void> {
  const { connectionString, schema } = postgresConnection(databaseUrl)
  if (schema === 'public') return
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
  } finally {
    await client.end()
  }
}
