import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { databaseUrl } from './bot/config/database-url.js'

// The schema reads DATABASE_URL; give it the same default the bot uses.
process.env.DATABASE_URL = databaseUrl(process.env)

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! })
  },
})
