import type { Ports } from '../../handlers/ports.js'
import type { Db, Prisma } from '../db/client.js'
import type { Database } from '../db/client.js'
import { caseById, createNumberedCase, findOpenCases } from '../db/statements/cases.js'
import { addCaseNote, loadConversation, noteReading } from '../db/statements/conversation.js'
import type { GroupDirectory } from './groups.js'
import type { MemberDirectory } from './members.js'

/** What handlers reach outside themselves for: the case statements, the group and member directories. */
export function handlerPorts(database: Database, groups: GroupDirectory, members: MemberDirectory, dashboardUrl: string | null = null, renderSvg?: Ports['renderSvg']): Ports {
  return {
    renderSvg,
    cases: {
      createNumbered: (data) => createNumberedCase(database.sql, data),
      findOpen: (query) => findOpenCases(database.sql, query),
      byId: (communityId, id) => caseById(database.sql, communityId, id),
    },
    conversations: {
      load: (query) => loadConversation(database.sql, query),
      note: (wechatId, caseId, reading) => noteReading(database.sql, wechatId, caseId, reading),
      addNote: (note) => addCaseNote(database.sql, note),
    },
    roomOfTopic: (topic) => groups.roomOfTopic(topic),
    forgetMember: (contactId) => members.forget(contactId),
    staffRoster: (db) => members.staff(db),
    dashboardUrl,
    transaction: (_db, work) => database.prisma.$transaction((tx) => work(asClient(tx)), { maxWait: 30_000, timeout: 60_000 }),
  }
}

const refused = (): never => {
  throw new Error('a report\'s case statements run outside a command\'s transaction: on SQLite they would wait for it to end')
}

/**
 * The ports a command's handler gets inside its transaction: the hand-written case statements run
 * on the connection outside it (and on SQLite wait for it to end), so they are refused there.
 */
export const portsInTransaction = (ports: Ports): Ports => ({
  ...ports, cases: { createNumbered: refused, findOpen: refused, byId: refused }, conversations: { load: refused, note: refused, addNote: refused }, transaction: (db, work) => work(db),
})

/**
 * A transaction's client where handlers expect the full one: a `$transaction` inside it runs on
 * the same transaction (a batch in order, a callback with this client).
 */
export function asClient(tx: Prisma.TransactionClient): Db {
  const client: Db = new Proxy(tx, {
    get(target, property, receiver) {
      if (property !== '$transaction') return Reflect.get(target, property, receiver)
      return async (work: unknown) => {
        if (typeof work === 'function') return (work as (db: Db) => Promise<unknown>)(client)
        const results: unknown[] = []
        for (const step of work as Array<Promise<unknown>>) results.push(await step)
        return results
      }
    },
  }) as unknown as Db
  return client
}
