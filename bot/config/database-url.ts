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

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url)

/**
 * A PostgreSQL URL as the pg driver takes it, and its schema (`?schema=`, default public). The
 * schema also becomes the connection's search_path, so migrations create their tables there.
 */
export function postgresConnection(url: string): { connectionString: string; schema: string } {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema') || 'public'
  parsed.searchParams.delete('schema')
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`DATABASE_URL: schema ${schema} must be letters, digits and _`)
  if (schema !== 'public') parsed.searchParams.set('options', `-c search_path=${schema}`)
  return { connectionString: parsed.toString(), schema }
}
