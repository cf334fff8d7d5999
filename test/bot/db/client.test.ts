import { expect, it } from 'vitest'
import { startApp } from '../../../bot/app.js'
import { loadEnv } from '../../../bot/config/env.js'
import { openDatabase, type Database } from '../../../bot/db/client.js'
import { migrateDatabase } from '../../../bot/db/migrate.js'
import { insertInbound } from '../../../bot/db/statements/inbound.js'
import { GroupDirectory } from '../../../bot/inbound/groups.js'
import { handlerPorts, portsInTransaction } from '../../../bot/inbound/handler-ports.js'
import { MemberDirectory } from '../../../bot/inbound/members.js'
import { silentLog, sleep, tempSqliteUrl, testConfig } from '../../support/harness.js'

it('refuses a database it does not support with a plain message instead of a migration error', async () => {
  const env = loadEnv({ DATABASE_URL: 'mysql://localhost:3306/test' })
  await expect(startApp({ env, config: testConfig(), log: silentLog })).rejects.toThrow(/use file:… \(SQLite\) or postgresql:\/\/… \(PostgreSQL\)/)
})

/** A new migrated SQLite database with one community. */
async function withCommunity(test: (database: Database, communityId: number) => Promise<void>): Promise<void> {
  const url = tempSqliteUrl()
  await migrateDatabase(url)
  const database = await openDatabase(url)
  try {
    const community = await database.prisma.community.create({ data: { name: '测试社区', timezone: 'Asia/Shanghai', createdAt: new Date() } })
    await test(database, community.id)
  } finally {
    await database.prisma.$disconnect()
  }
}

it('keeps a message stored while a transaction on the same SQLite connection rolls back', () =>
  withCommunity(async (database, communityId) => {
    const db = database.prisma
    const community = { id: communityId }
    let storing: Promise<unknown> = Promise.resolve()
    const failing = db.$transaction(async (tx) => {
      await tx.community.update({ where: { id: community.id }, data: { timezone: 'UTC' } })
      // A message arrives while the transaction is open, and is stored the way every message is.
      storing = insertInbound(database.sql, {
        communityId: community.id, wechatId: 'arrived-meanwhile', roomId: null, groupId: null, talkerId: 'wxid_resident', talkerName: '居民',
        text: '3栋楼道灯不亮了', mentions: null, late: false, kind: 'text', fileName: null, fileData: null, receivedAt: new Date(),
      })
      await sleep(20)
      throw new Error('the transaction fails')
    })
    await expect(failing).rejects.toThrow('the transaction fails')
    await storing
    expect(await db.inboundMessage.count({ where: { wechatId: 'arrived-meanwhile' } })).toBe(1)
    expect((await db.community.findUniqueOrThrow({ where: { id: community.id } })).timezone).toBe('Asia/Shanghai')
  }))

it('refuses a report\'s case statements inside a command\'s transaction instead of waiting for itself', () =>
  withCommunity(async (database, communityId) => {
    const db = database.prisma
    const ports = portsInTransaction(handlerPorts(database, new GroupDirectory(db, communityId, testConfig()), new MemberDirectory(db, communityId)))
    const inside = db.$transaction(async () => ports.cases.findOpen({ communityId, building: '3', category: 'lighting', since: new Date(0) }), { timeout: 2000 })
    await expect(inside).rejects.toThrow(/outside a command's transaction/)
  }))
