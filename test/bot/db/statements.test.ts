import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NewCase } from '../../../handlers/ports.js'
import { openDatabase, type Database } from '../../../bot/db/client.js'
import { migrateDatabase } from '../../../bot/db/migrate.js'
import { caseById, createNumberedCase, findOpenCases } from '../../../bot/db/statements/cases.js'
import { addCaseNote, loadConversation, noteReading } from '../../../bot/db/statements/conversation.js'
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
    // One case by its id, as Prisma reads it; none of another community.
    expect(await caseById(database.sql, communityId, newest.id)).toEqual(await database.prisma.case.findUnique({ where: { id: newest.id } }))
    expect(await caseById(database.sql, communityId + 1, newest.id)).toBeNull()
  })

  it('reads a group\'s messages before one and its open cases of the window, and the cases its messages joined from before it', async () => {
    const group = await database.prisma.chatGroup.create({ data: { communityId, roomId: 'room-conv', topic: '8号楼住户群', kind: 'building', building: '8' } })
    const other = await database.prisma.chatGroup.create({ data: { communityId, roomId: 'room-other', topic: '9号楼住户群', kind: 'building', building: '9' } })
    const t = (minutes: number) => new Date(at.getTime() + 3 * 86_400_000 + minutes * 60_000)
    const inGroup = (groupId: number, minutes: number, state = 'reported') => createNumberedCase(database.sql, { ...newCase('8', 'lift', t(minutes), state), groupId, sourceMessage: `conv-${groupId}-${minutes}-${state}` })
    const old = await inGroup(group.id, -3 * 24 * 60)
    const fresh = await inGroup(group.id, 0)
    await inGroup(group.id, 1, 'closed')
    await inGroup(other.id, 2)
    for (const [i, caseId] of [[1, old.id], [2, null], [3, fresh.id]] as const) {
      await insertInbound(database.sql, { ...inbound(`conv-m${i}`), groupId: group.id, receivedAt: t(i), text: `第${i}条` })
      await noteReading(database.sql, `conv-m${i}`, caseId, caseId ? 'report' : 'nothing')
    }
    await insertInbound(database.sql, { ...inbound('conv-other'), groupId: other.id, receivedAt: t(4) })
    const me = (await database.prisma.inboundMessage.findUniqueOrThrow({ where: { wechatId: 'conv-m3' } })).id
    const rows = await loadConversation(database.sql, {
      communityId, groupId: group.id, beforeId: me, since: new Date(t(0).getTime() - 2 * 86_400_000), until: t(5), messages: 60, cases: 20, states: ['reported'],
    })
    // Only messages before this one, of this group; the old case only because a message in the window joined it.
    expect(rows.recent.map((r) => r.text)).toEqual(['第2条', '第1条'])
    expect(rows.recent[1]).toMatchObject({ receivedAt: t(1), caseId: old.id, reading: 'report' })
    expect(rows.cases.map((c) => c.id)).toEqual([fresh.id, old.id])
    expect(rows.reporters.filter((r) => r.caseId === fresh.id).map((r) => r.contactId)).toEqual(['wxid_sheng'])
  })

  it('keeps a follow-up\'s note once per message, and adds the reporter\'s finishing words to the case\'s text once', async () => {
    const c = await createNumberedCase(database.sql, { ...newCase('8', 'lighting', at), sourceMessage: 'note-case' })
    const note = (sourceMessage: string, words: string, appendToText: boolean) =>
      addCaseNote(database.sql, { caseId: c.id, actorId: 'wxid_sheng', actorName: '盛阿姨', state: c.state, note: words, at, sourceMessage, appendToText })
    expect(await note('note-1', '晚上黑咕隆咚的', true)).toBe(true)
    expect(await note('note-1', '晚上黑咕隆咚的', true)).toBe(false)
    expect(await note('note-2', '我家也是', false)).toBe(true)
    const events = await database.prisma.caseEvent.findMany({ where: { caseId: c.id, action: 'followup' }, select: { note: true, sourceMessage: true } })
    expect(events).toEqual([{ note: '晚上黑咕隆咚的', sourceMessage: 'note-1' }, { note: '我家也是', sourceMessage: 'note-2' }])
    expect((await database.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).text).toBe('8栋lighting 晚上黑咕隆咚的')
  })
})
