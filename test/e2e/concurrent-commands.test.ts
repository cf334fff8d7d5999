import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { postgresConnection } from '../../bot/config/database-url.js'
import { Harness, sleep, until } from '../support/harness.js'

// Commands on one case at the same moment, over real parallel connections: a third connection
// holds the case's row until every command has read it and is waiting to write, so they truly
// overlap. Only PostgreSQL has the parallel connections; SQLite's one connection runs them in turn.
describe.runIf(process.env.TEST_DATABASE === 'postgres')('two commands on one case at once (PostgreSQL)', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
  })

  /** Sends the lines privately while the case's row is held, then lets them all go at once. */
  async function atOnce(number: number, lines: Array<[name: string, text: string]>): Promise<void> {
    const { connectionString, schema } = postgresConnection(h.databaseUrl)
    const blocker = new pg.Client({ connectionString })
    await blocker.connect()
    await blocker.query('BEGIN')
    await blocker.query(`SELECT "id" FROM "${schema}"."Case" WHERE "number" = $1 FOR UPDATE`, [number])
    const before = await h.db.inboundMessage.count()
    for (const [name, text] of lines) h.say(name, null, text)
    await until(async () => (await h.db.inboundMessage.count()) === before + lines.length, 'the commands stored')
    await sleep(1500)
    await blocker.query('ROLLBACK')
    await blocker.end()
    await until(async () => (await h.db.inboundMessage.count({ where: { status: { not: 'received' } } })) === before + lines.length, 'the commands handled')
    await h.settle()
  }

  async function reported(): Promise<void> {
    expect(await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了')).toContain('已登记 #1')
  }

  it('resolves a case once when two staff send 办结 at the same moment, and asks for one rating', async () => {
    h = await Harness.start()
    await reported()
    await atOnce(1, [['物业小王', '办结 #1 已更换灯泡'], ['彭书记', '办结 #1 楼道灯修好了']])
    const events = await h.db.caseEvent.findMany({ where: { action: 'resolved' } })
    expect(events).toHaveLength(1)
    const group = h.botLines('3栋业主群').map((l) => l.text).join('\n')
    expect(group.match(/#1 已办结/g)).toHaveLength(1)
    expect(group.match(/评价 #1 满意/g)).toHaveLength(1)
    // The one who lost the race is told the case is already resolved, not that it worked.
    const answers = [...h.botLines('物业小王'), ...h.botLines('彭书记')].map((l) => l.text)
    expect(answers.filter((t) => t.includes('已办结，已请反映人评价'))).toHaveLength(1)
    expect(answers.filter((t) => t.includes('目前是「已办结」'))).toHaveLength(1)
    expect(await h.db.inboundMessage.count({ where: { status: 'failed' } })).toBe(0)
  })

  it('keeps one rating when 满意 and 不满意 arrive at once: the case is rated or reopened, never both', async () => {
    h = await Harness.start()
    await reported()
    await h.ask('物业小王', null, '办结 #1 已更换灯泡', '3栋业主群')
    await atOnce(1, [['盛阿姨', '评价 #1 满意'], ['盛阿姨', '评价 #1 不满意 还是不亮']])
    const caseRow = await h.db.case.findFirstOrThrow({ where: { number: 1 }, include: { rating: true, events: { orderBy: { id: 'asc' } } } })
    const last = caseRow.events.filter((e) => e.action === 'rated' || e.action === 'reopened')
    expect(last).toHaveLength(1)
    if (last[0]!.action === 'rated') expect(caseRow).toMatchObject({ state: 'rated', rating: { score: 'satisfied' } })
    else expect(caseRow).toMatchObject({ state: 'in_progress', rating: { score: 'unsatisfied' } })
  })

  it('applies 受理, 转派 and 关闭 sent at once one after another: each step starts where the last one ended', async () => {
    h = await Harness.start()
    await reported()
    await atOnce(1, [['物业小王', '受理 #1'], ['彭书记', '转派 #1 社区'], ['网格员小李', '关闭 #1 重复反映']])
    const steps = await h.db.caseEvent.findMany({ where: { action: { not: 'reported' } }, orderBy: { id: 'asc' } })
    expect(steps.length).toBeGreaterThanOrEqual(2)
    // The case leaves 待受理 once (a 转派 that came first keeps it there); each later step starts from the state the one before left.
    expect(steps.filter((e) => e.fromState === 'reported' && e.toState !== 'reported')).toHaveLength(1)
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.fromState).toBe(steps[i - 1]!.toState)
    const caseRow = await h.db.case.findFirstOrThrow({ where: { number: 1 } })
    expect(caseRow.state).toBe(steps.at(-1)!.toState)
  })
})
