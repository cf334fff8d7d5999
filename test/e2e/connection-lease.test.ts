import { afterAll, beforeAll, expect, it } from 'vitest'
import { ConnectionLease } from '../../bot/wechat/connection-lease.js'
import { openDatabase, type Db } from '../../bot/db/client.js'
import { migrateDatabase } from '../../bot/db/migrate.js'
import { silentLog, sleep, tempDatabaseUrl, until } from '../support/harness.js'

// The lease on the real database (a SQLite file, and PostgreSQL in the second pass), each process
// played by its own lease and clock. On PostgreSQL each has its own client, so the race is real;
// SQLite's synchronous driver would block this one thread on a second client's lock, so there the
// leases share one (processes on one SQLite file are raced in two-processes.test.ts).
const databaseUrl = tempDatabaseUrl()
let dbs: Db[] = []
let communityId: number

const lease = (db: Db, clock: { now: number }, extra: Partial<ConstructorParameters<typeof ConnectionLease>[0]> = {}) =>
  new ConnectionLease({ db, communityId, log: silentLog, ttlMs: 15_000, now: () => clock.now, ...extra })

beforeAll(async () => {
  await migrateDatabase(databaseUrl)
  const client = (await openDatabase(databaseUrl)).prisma
  dbs = await Promise.all(Array.from({ length: 6 }, (_, i) => (process.env.TEST_DATABASE === 'postgres' && i > 0 ? openDatabase(databaseUrl).then((d) => d.prisma) : client)))
  communityId = (await dbs[0]!.community.create({ data: { name: '租约测试社区', timezone: 'Asia/Shanghai', createdAt: new Date() } })).id
})

afterAll(async () => {
  await Promise.all([...new Set(dbs)].map((db) => db.$disconnect()))
})

it('goes to exactly one of several processes racing for it, and to another only once it runs out', async () => {
  const clock = { now: Date.now() }
  const racers = dbs.map((db) => lease(db, clock))
  const results = await Promise.all(racers.map((l) => l.tryAcquire()))
  expect(results.filter(Boolean)).toHaveLength(1)
  const holder = racers[results.findIndex(Boolean)]!
  expect(racers.filter((l) => l.held)).toEqual([holder])

  // Still fresh: nobody else gets it, and the holder keeps it.
  clock.now += 14_000
  expect((await Promise.all(racers.filter((l) => l !== holder).map((l) => l.tryAcquire()))).filter(Boolean)).toHaveLength(0)
  expect(await holder.tryAcquire()).toEqual({ tookOverFrom: null })

  // The holder stops renewing: past the expiry exactly one of the others takes it, naming who had it.
  clock.now += 15_001
  const others = racers.filter((l) => l !== holder)
  const second = await Promise.all(others.map((l) => l.tryAcquire()))
  expect(second.filter(Boolean)).toEqual([{ tookOverFrom: holder.holder }])
  expect(holder.held).toBe(false)
  expect(await holder.currentHolder()).toBe(others[second.findIndex(Boolean)]!.holder)

  // A clean hand-back frees it at once, with no takeover to report.
  const next = others[second.findIndex(Boolean)]!
  await next.release()
  expect(await holder.currentHolder()).toBeNull()
  expect(await holder.tryAcquire()).toEqual({ tookOverFrom: null })
  await holder.release()
})

it('is kept while its holder renews it, and a holder that stopped renewing learns it was taken', async () => {
  const real = { now: Date.now, ttlMs: 600 }
  const steady = lease(dbs[0]!, { now: 0 }, { ...real, renewMs: 100 })
  const waiter = lease(dbs[1]!, { now: 0 }, { ...real, pollMs: 50, renewMs: 100 })
  expect(await steady.tryAcquire()).toBeTruthy()
  let lost = 0
  steady.keep(() => lost++)
  let cancelled = false
  const waiting = waiter.waitUntilHeld(() => cancelled)
  await sleep(1500)
  expect([steady.held, waiter.held, lost], 'renewed well past its first expiry').toEqual([true, false, 0])
  await steady.release()
  expect(await waiting).toEqual({ tookOverFrom: null })

  // A holder whose renewals come too late (frozen, swapping, paused) loses the lease to the waiter
  // and, at its next renewal, is told so — and holds nothing from then on.
  const frozen = lease(dbs[2]!, { now: 0 }, { ...real, renewMs: 2000 })
  await waiter.release()
  expect(await frozen.tryAcquire()).toBeTruthy()
  frozen.keep(() => lost++)
  expect(await waiter.waitUntilHeld(() => cancelled)).toEqual({ tookOverFrom: frozen.holder })
  waiter.keep(() => lost++)
  await until(() => lost === 1, 'the frozen holder learns it lost the lease', 5000)
  expect([frozen.held, waiter.held]).toEqual([false, true])
  cancelled = true
  await waiter.release()
})
