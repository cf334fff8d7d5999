import { mkdirSync } from 'node:fs'
import path from 'node:path'

export const DEFAULT_DATABASE_URL = 'file:./data/hongguanjia.db'

/** The database URL from the environment, or the default SQLite file (its folder created). */
export function databaseUrl(env: NodeJS.ProcessEnv): string {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length)
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  }
  return url
}
