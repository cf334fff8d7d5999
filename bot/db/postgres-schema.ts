/**
 * The PostgreSQL twin of the SQLite schema: a Prisma schema names one provider, so the same
 * models are written out again for PostgreSQL, with their own generated client.
 */
export function postgresSchemaOf(sqliteSchema: string): string {
  const body = sqliteSchema
    .replace(/^\/\/.*\n/, '')
    .replace(/(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/(generator client \{[^}]*output\s*=\s*)"\.\.\/bot\/generated\/prisma"/, '$1"../../bot/generated/prisma-pg"')
  if (body === sqliteSchema.replace(/^\/\/.*\n/, '')) throw new Error('the SQLite schema no longer has the expected datasource and generator blocks')
  return `// Generated from prisma/schema.prisma by \`npm run db:postgres\`: edit that file, not this one.\n${body}`
}

export const SQLITE_SCHEMA = 'prisma/schema.prisma'
export const POSTGRES_SCHEMA = 'prisma/postgres/schema.prisma'
export const POSTGRES_MIGRATIONS = 'prisma/postgres/migrations'
