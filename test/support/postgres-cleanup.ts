import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * Vitest global set-up: names this run's PostgreSQL schemas (t<run>_<uuid>, see tempDatabaseUrl)
 * and drops them afterwards, leaving any other run's schemas alone.
 */
export default function setup(): () => Promise<void> {
  const run = randomBytes(4).toString('hex')
  process.env.TEST_SCHEMA_PREFIX = `t${run}_`
  return async () => {
    const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' })
    // The SQLite run makes schemas too (the statements are tested on both databases); without a PostgreSQL there are none.
    if (!(await client.connect().then(() => true, () => false))) return
    try {
      const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [`t${run}_`])
      for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`)
    } finally {
      await client.end()
    }
  }
}
