import { expect, it } from 'vitest'
import { startApp } from '../../bot/app.js'
import { loadEnv } from '../../bot/env.js'
import { silentLog, testConfig } from '../support/harness.js'

it('refuses a PostgreSQL DATABASE_URL with a plain message instead of a migration error', async () => {
  const env = loadEnv({ DATABASE_URL: 'postgresql://localhost:5432/test' })
  await expect(startApp({ env, config: testConfig(), log: silentLog })).rejects.toThrow(/only SQLite \(file:\.\.\.\) is supported/)
})
