import { momentText } from '../../handlers/time.js'
import { jobsFor } from '../../schedules/jobs.js'
import { loadCommunityConfig } from '../config/community-config.js'
import { openDatabase } from '../db/client.js'
import { loadEnv } from '../config/env.js'
import { migrateDatabase } from '../db/migrate.js'
import { nextFirings } from '../schedule/firings.js'

const STATUS_WORDS: Record<string, string> = { claimed: '发送中', sent: '已发送', skipped: '跳过', failed: '失败', missed: '错过（停机）', 'given-up': '重试后放弃' }

// `npm run schedules`: every job with its cron, timezone and next three firings, and its last runs.
async function main(): Promise<void> {
  const env = loadEnv()
  const config = loadCommunityConfig(env.COMMUNITY_CONFIG)
  const tz = config.timezone
  await migrateDatabase(env.databaseUrl)
  const db = (await openDatabase(env.databaseUrl)).prisma
  try {
    const community = await db.community.findUnique({ where: { name: config.community } })
    const now = new Date()
    const out: string[] = [`${config.community} 的定时任务（时区 ${tz}，现在 ${momentText(now, tz)}）`]
    for (const job of jobsFor(config)) {
      out.push('', `${job.title}（${job.name}）`, `  cron：${job.cron}　补发时限：${job.graceMinutes} 分钟`)
      out.push(`  接下来：${nextFirings(job.cron, tz, now, 3).map((d) => momentText(d, tz)).join('；')}`)
      const runs = community
        ? await db.scheduleRun.findMany({ where: { communityId: community.id, job: job.name }, orderBy: { slot: 'desc' }, take: 5 })
        : []
      if (runs.length === 0) out.push('  最近运行：还没有')
      for (const run of runs) {
        out.push(`  ${momentText(new Date(run.slot), tz)}　${STATUS_WORDS[run.status] ?? run.status}${run.detail ? `　${run.detail}` : ''}`)
      }
    }
    const off = Object.entries(config.schedules).filter(([, cron]) => cron === 'off').map(([name]) => name)
    if (off.length) out.push('', `已关闭：${off.join('、')}`)
    console.log(out.join('\n'))
  } finally {
    await db.$disconnect()
  }
}

main().catch((error) => {
  console.error('读取定时任务失败：', error instanceof Error ? error.message : error)
  process.exit(1)
})
