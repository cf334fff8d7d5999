import { expect, it } from 'vitest'
import { startApp } from '../../bot/app.js'
import { loadEnv } from '../../bot/env.js'
import { silentLog, testConfig } from '../support/harness.js'

it('refuses a database it does not support with a plain message instead of a migration error', async () => {
  const env = loadEnv({ DATABASE_URL: 'mysql://localhost:3306/test' })
  await expect(startApp({ env, config: testConfig(), log: silentLog })).rejects.toThrow(/use file:… \(SQLite\) or postgresql:\/\/… \(PostgreSQL\)/)
})
