import { isPostgresUrl, postgresConnection } from '../../bot/config/database-url.js'
import type { Db } from '../../handlers/context.js'

/**
 * Every text column of every table that still holds one of `needles` (a name, a contact id, a phone
 * number, words), as `Table.column: needle`. Read from the database's own catalogue, so a table
 * or column added later is searched too.
 */
export async function tracesOf(db: Db, databaseUrl: string, needles: string[]): Promise<string[]> {
  const columns: Array<{ table: string; column: string }> = []
  let qualified = (table: string) => `"${table}"`
  const postgres = isPostgresUrl(databaseUrl)
  if (postgres) {
    const { schema } = postgresConnection(databaseUrl)
    qualified = (table) => `"${schema}"."${table}"`
    const rows = await db.$queryRawUnsafe<Array<{ table_name: string; column_name: string }>>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND data_type IN ('text', 'character varying') AND table_name <> '_prisma_migrations'`,
      schema,
    )
    columns.push(...rows.map((r) => ({ table: r.table_name, column: r.column_name })))
  } else {
    const tables = await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
    for (const { name } of tables) {
      const info = await db.$queryRawUnsafe<Array<{ name: string; type: string }>>(`PRAGMA table_info("${name}")`)
      columns.push(...info.filter((c) => c.type.toUpperCase() === 'TEXT').map((c) => ({ table: name, column: c.name })))
    }
  }
  const found: string[] = []
  for (const { table, column } of columns) {
    for (const needle of needles) {
      const [row] = await db.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT COUNT(*) AS n FROM ${qualified(table)} WHERE "${column}" LIKE ${postgres ? '$1' : '?'}`, `%${needle}%`)
      if (Number(row?.n ?? 0) > 0) found.push(`${table}.${column}: ${needle}`)
    }
  }
  return found
}
