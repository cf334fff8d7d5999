import { expect, it } from 'vitest'
import { startApp } from '../../bot/app.js'
import { createDb, type Db, Prisma } from '../../bot/db/client.js'
import { loadEnv } from '../../bot/config/env.js'
import { migrateDatabase } from '../../bot/db/migrate.js'
import { statements } from '../../bot/db/connection.js'
import { silentLog, sleep, tempSqliteUrl, testConfig } from '../support/harness.js'

it('refuses a database it does not support with a plain message instead of a migration error', async () => {
  const env = loadEnv({ DATABASE_URL: 'mysql://localhost:3306/test' })
  await expect(startApp({ env, config: testConfig(), log: silentLog })).rejects.toThrow(/use file:… \(SQLite\) or postgresql:\/\/… \(PostgreSQL\)/)
})

it('keeps a message stored while a transaction on the same SQLite connection rolls back', async () => {
  const url = tempSqliteUrl()
  await migrateDatabase(url)
  const db = await createDb(url)
  try {
    const community = await db.community.create({ data: { name: '测试社区', timezone: 'Asia/Shanghai', createdAt: new Date() } })
    let storing: Promise<unknown> = Promise.resolve()
    const failing = db.$transaction(async (tx) => {
      await tx.community.update({ where: { id: community.id }, data: { timezone: 'UTC' } })
      // A message arrives while the transaction is open, and is stored the way every message is.
      storing = storeMessage(db, community.id, 'arrived-meanwhile')
      await sleep(20)
      throw new Error('the transaction fails')
    })
    await expect(failing).rejects.toThrow('the transaction fails')
    await storing
    expect(await db.inboundMessage.count({ where: { wechatId: 'arrived-meanwhile' } })).toBe(1)
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).timezone).toBe('Asia/Shanghai')
  } finally {
    await db.$disconnect()
  }
})

function storeMessage(db: Db, communityId: number, wechatId: string): Promise<number> {
  return statements(db).run(Prisma.sql`
    INSERT INTO "InboundMessage" ("communityId", "wechatId", "talkerId", "talkerName", "text", "kind", "receivedAt")
    VALUES (${communityId}, ${wechatId}, 'wxid_resident', '居民', '3栋楼道灯不亮了', 'text', ${new Date()})`)
}
