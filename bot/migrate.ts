import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')

/** Applies pending migrations with the Prisma CLI (offline, WebAssembly schema engine). */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' }
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [prismaCli, 'migrate', 'deploy'], { cwd: projectRoot, env }, (error, stdout, stderr) => {
      if (!error) return resolve()
      const detail = `${stderr || stdout}`.trim().split('\n').slice(-3).join(' ')
      reject(new Error(`database migration failed: ${detail}`))
    })
  })
}
