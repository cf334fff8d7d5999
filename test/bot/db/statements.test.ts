import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NewCase } from '../../../handlers/ports.js'
import { openDatabase, type Database } from '../../../bot/db/client.js'
import { migrateDatabase } from '../../../bot/db/migrate.js'
import { createNumberedCase, findOpenCases } from '../../../bot/db/statements/cases.js'
import { insertInbound, markHandled } from '../../../bot/db/statements/inbound.js'
import { claimOutbox, insertOutboxRows, markOutboxSent, pendingOutbox, pendingToCombine, type NewOutboxRow } from '../../../bot/db/statements/outbox.js'
import { tempPostgresUrl, tempSqliteUrl } from '../../support/harness.js'

const at = new Date('2026-11-20T02:00:00.123Z')

// Every hand-written statement, on SQLite and on PostgreSQL: what one writes, Prisma reads back the same.
describe.each([
  ['SQLite', tempSqliteUrl],
  ['PostgreSQL', tempPostgresUrl],
])('the hand-written statements on %s', (_name, makeUrl) => {
  let database: Database
  let communityId: number
  beforeAll(async () => {
    const url = makeUrl()
    await migrateDatabase(url)
    database = await openDatabase(url)
    communityId = (await database.prisma.community.create({ data: { name: '语句测试社区', timezone: 'Asia/Shanghai', createdAt: at } })).id
  })
  afterAll(async () => {
    await database.prisma.$disconnect()
  })

  const inbound = (wechatId: string) => ({
    communityId, wechatId, roomId: 'room-3', groupId: null, talkerId: 'wxid_sheng', talkerName: '盛阿姨', text: '3栋楼道灯不亮了',
    mentions: null, late: true, kind: 'text' as const, fileName: null, fileData: null, receivedAt: at,
  })

  it('stores a message once per WeChat id, with its values as Prisma reads them', async () => {
    const id = await insertInbound(database.sql, inbound('msg-1'))
    expect(id).toEqual(expect.any(Number))
    expect(await insertInbound(database.sql, inbound('msg-1'))).toBeNull()
    const row = await database.prisma.inboundMessage.findUniqueOrThrow({ where: { wechatId: 'msg-1' } })
    expect(row).toMatchObject({ id, status: 'received', late: true, receivedAt: at, text: '3栋楼道灯不亮了', roomId: 'room-3' })
  })

  it('keeps a picture\'s bytes with its message until it is handled', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])
    const id = (await insertInbound(database.sql, { ...inbound('msg-picture'), kind: 'image', fileName: 'deng.png', fileData: bytes }))!
    const stored = await database.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })
    expect(stored).toMatchObject({ kind: 'image', fileName: 'deng.png' })
    expect([...stored.fileData!]).toEqual([...bytes])
    await insertOutboxRows(database.sql, [], markHandled(id, at))
    expect(await database.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'handled', fileData: null })
  })

  const outboxRow = (key: string, over: Partial<NewOutboxRow> = {}): NewOutboxRow => ({
    communityId, conversationId: 'room-3', isRoom: true, text: `回复 ${key}`, mentionIds: 'wxid_sheng', dedupeKey: key,
    fileName: null, fileData: null, coalesce: null, broadcast: null, urgent: false, createdAt: at, ...over,
  })

  it('queues each reply key once and marks the message handled with it', async () => {
    const id = (await insertInbound(database.sql, inbound('msg-2')))!
    const written = await insertOutboxRows(database.sql, [outboxRow('k-1'), outboxRow('k-2')], markHandled(id, at))
    expect(written).toBe(2)
    expect(await insertOutboxRows(database.sql, [outboxRow('k-1'), outboxRow('k-3')])).toBe(1)
    expect((await database.prisma.inboundMessage.findUniqueOrThrow({ where: { id } })).status).toBe('handled')
    expect(await database.prisma.outboxMessage.count({ where: { dedupeKey: { in: ['k-1', 'k-2', 'k-3'] } } })).toBe(3)
  })

  it('reads pending rows oldest first, urgent ones alone, private ones alone, and each conversation\'s rows to combine', async () => {
    await insertOutboxRows(database.sql, [
      outboxRow('p-1', { conversationId: 'room-7' }),
      outboxRow('p-2', { conversationId: 'room-7', urgent: true }),
      outboxRow('p-3', { conversationId: 'wxid_wang', isRoom: false }),
      outboxRow('p-4', { conversationId: 'room-7', coalesce: 'ack' }),
      outboxRow('p-5', { conversationId: 'room-7', coalesce: 'ack' }),
    ])
    const keysOf = async (ids: number[]) => (await database.prisma.outboxMessage.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } })).map((r) => r.dedupeKey)
    const all = await pendingOutbox(database.sql, { communityId, limit: 50 })
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => a - b))
    expect(await keysOf((await pendingOutbox(database.sql, { communityId, urgentOnly: true, limit: 50 })).map((r) => r.id))).toEqual(['p-2'])
    expect(await keysOf((await pendingOutbox(database.sql, { communityId, privateOnly: true, limit: 50 })).map((r) => r.id))).toEqual(['p-3'])
    const urgent = (await pendingOutbox(database.sql, { communityId, urgentOnly: true, limit: 1 }))[0]!
    expect(urgent).toMatchObject({ urgent: true, isRoom: true, conversationId: 'room-7', mentionIds: 'wxid_sheng', attempts: 0 })
    const combine = await pendingToCombine(database.sql, communityId, [{ conversationId: 'room-7', coalesce: 'ack' }, { conversationId: 'room-3', coalesce: null }], 30)
    expect(await keysOf(combine.map((r) => r.id))).toEqual(['k-1', 'k-2', 'k-3', 'p-4', 'p-5'])
  })

  it('claims a pending row for one sender only, and marks it sent at the moment given', async () => {
    const [row] = await pendingOutbox(database.sql, { communityId, limit: 1 })
    expect(await claimOutbox(database.sql, [row!.id])).toEqual([row!.id])
    expect(await claimOutbox(database.sql, [row!.id])).toEqual([])
    expect(await markOutboxSent(database.sql, [row!.id], at)).toBe(1)
    expect(await database.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ status: 'sent', sentAt: at })
  })

  const newCase = (building: string, category: string, createdAt: Date, state = 'reported'): NewCase => ({
    communityId, category, building, unit: '2', room: '501', urgency: 'normal', state, text: `${building}栋${category}`, reporterId: 'wxid_sheng',
    reporterName: '盛阿姨', groupId: null, party: '物业', parserVersion: 'test', sourceMessage: `${building}:${category}:${createdAt.getTime()}:${state}`,
    respondBy: createdAt, resolveBy: createdAt, streetBy: null, createdAt, overdueAt: null, escalationLevel: 0, discussedAt: null,
  }) as NewCase

  it('numbers cases one after another, also when written at the same moment, each with its reporter and first event', async () => {
    const first = await createNumberedCase(database.sql, newCase('3', 'lighting', at))
    const together = await Promise.all([4, 5, 6, 7].map((b) => createNumberedCase(database.sql, newCase(String(b), 'lighting', at))))
    expect([first, ...together].map((c) => c.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5])
    expect(first).toMatchObject({ building: '3', unit: '2', createdAt: at, updatedAt: at, state: 'reported' })
    expect(await database.prisma.caseReporter.findMany({ where: { caseId: first.id }, select: { contactId: true } })).toEqual([{ contactId: 'wxid_sheng' }])
    expect(await database.prisma.caseEvent.findMany({ where: { caseId: first.id }, select: { action: true, note: true } })).toEqual([{ action: 'reported', note: '3栋lighting' }])
    expect((await database.prisma.community.findUniqueOrThrow({ where: { id: communityId } })).lastCaseNumber).toBe(5)
  })

  it('finds the open cases of one building and category since a moment, newest first', async () => {
    const later = new Date(at.getTime() + 60_000)
    const newest = await createNumberedCase(database.sql, newCase('3', 'lighting', later))
    await createNumberedCase(database.sql, newCase('3', 'lighting', later, 'closed'))
    await createNumberedCase(database.sql, newCase('3', 'water', later))
    const found = await findOpenCases(database.sql, { communityId, building: '3', category: 'lighting', since: at })
    expect(found.map((c) => c.number)).toEqual([newest.number, 1])
    expect(found[0]).toMatchObject({ createdAt: later, building: '3' })
    expect(await findOpenCases(database.sql, { communityId, building: '3', category: 'lighting', since: later })).toHaveLength(1)
  })
})
