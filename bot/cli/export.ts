import { writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { exportCases } from '../../handlers/cases/export-cases.js'
import { addLocalDays, localMidnight } from '../../handlers/time.js'
import { loadCommunityConfig } from '../config/community-config.js'
import { openDatabase } from '../db/client.js'
import { loadEnv } from '../config/env.js'
import { createLogger } from '../logger.js'
import { migrateDatabase } from '../db/migrate.js'

const USAGE = '用法：npm run -s export -- --from 2026-11-01 --to 2026-11-30 [--out 工单.csv] [--full]\n（日期按社区时区，含首尾两天；默认打码，--full 导出完整信息并记入审计日志）'
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, full: { type: 'boolean', default: false } } })
  const from = DATE.exec(values.from ?? '')
  const to = DATE.exec(values.to ?? '')
  if (!from || !to) {
    console.error(USAGE)
    process.exit(2)
  }
  const env = loadEnv()
  const config = loadCommunityConfig(env.COMMUNITY_CONFIG)
  const tz = config.timezone
  const start = localMidnight(Number(from[1]), Number(from[2]), Number(from[3]), tz)
  const end = addLocalDays(localMidnight(Number(to[1]), Number(to[2]), Number(to[3]), tz), 1, tz)
  if (end <= start) {
    console.error(`结束日期早于开始日期。\n${USAGE}`)
    process.exit(2)
  }
  await migrateDatabase(env.databaseUrl)
  const db = (await openDatabase(env.databaseUrl)).prisma
  const log = createLogger(env)
  try {
    const community = await db.community.findUnique({ where: { name: config.community } })
    if (!community) throw new Error(`数据库里还没有社区「${config.community}」的数据`)
    const now = new Date()
    const { csv, count } = await exportCases(db, community.id, start, end, { full: values.full, timeZone: tz, publicNumbers: config.publicNumbers, now })
    const actor = `${userInfo().username}@cli`
    const detail = `${values.from}..${values.to} ${count} cases ${values.full ? 'full' : 'masked'}${values.out ? ` → ${values.out}` : ''}`
    await db.auditLog.create({ data: { communityId: community.id, actor, action: values.full ? 'export-full' : 'export', detail, at: now } })
    if (values.full) log.warn({ actor, detail }, 'full case export (names, contact ids, rooms, unmasked text)')
    if (values.out) {
      writeFileSync(values.out, csv)
      console.error(`已导出 ${count} 件工单到 ${values.out}${values.full ? '（完整信息，已记入审计日志）' : '（已打码）'}`)
    } else {
      process.stdout.write(csv)
    }
  } finally {
    await db.$disconnect()
  }
}

main().catch((error) => {
  console.error('导出失败：', error instanceof Error ? error.message : error)
  process.exit(1)
})
