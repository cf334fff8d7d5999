import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { PrismaPg } from '@prisma/adapter-pg'
import { isPostgresUrl, postgresConnection } from './bot/config/database-url.js'

// The PostgreSQL twin of prisma.config.ts: migrations for a postgresql:// DATABASE_URL.
// `prisma generate` needs no database, but the schema's env("DATABASE_URL") must name one.
if (!isPostgresUrl(process.env.DATABASE_URL ?? '')) process.env.DATABASE_URL = 'postgresql://localhost:5432/postgres'

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'postgres', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'postgres', 'migrations') },
  async adapter() {
    const { connectionString, schema } = postgresConnection(process.env.DATABASE_URL!)
    return new PrismaPg({ connectionString }, { schema })
  },
})
