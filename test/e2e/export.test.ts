import { execFile } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXAMPLE_CONFIG_PATH } from '../../bot/config/community-config.js'
import { Harness } from '../support/harness.js'

function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('npx', args, { env, encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(Object.assign(error, { stderr })) : resolve(stdout)))
  })
}

// `npm run export` as an operator runs it, against the database the bot is writing.
describe('exporting cases as CSV', () => {
  let h: Harness
  const exportCsv = async (...args: string[]) => {
    return run(['tsx', 'bot/cli/export.ts', ...args], { ...process.env, DATABASE_URL: h.databaseUrl, COMMUNITY_CONFIG: EXAMPLE_CONFIG_PATH, LOG_LEVEL: 'silent' })
  }

  beforeAll(async () => {
    h = await Harness.start()
    await h.ask('盛阿姨', '3栋业主群', '3栋2单元501卫生间漏水了，电话13812345678，麻烦物业来看看')
    await h.ask('陈小美', '12号楼邻里群', '12号楼楼道灯不亮了')
    h.clock.set('2026-11-23T10:00:00+08:00')
    await h.ask('周大爷', '12号楼邻里群', '12号楼电梯坏了')
  })
  afterAll(async () => {
    await h.stop()
  })

  it('writes the cases of the chosen days, masked by default', async () => {
    const csv = await exportCsv('--from', '2026-11-20', '--to', '2026-11-21')
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toContain('工单号,登记时间,类别,楼栋,单元,房号')
    expect(lines).toHaveLength(3)
    expect(lines[1]).toMatch(/^1,11月20日 10:00,给排水,3,2,\*\*\*,/)
    expect(csv).toContain('盛**')
    expect(csv).toContain('138****5678')
    expect(csv).not.toContain('盛阿姨')
    expect(csv).not.toContain('13812345678')
    expect(csv).not.toContain('wxid_')
    // The room inside the resident's words is masked too.
    expect(csv).toContain('3栋2单元***卫生间漏水了')
    expect(csv).not.toContain('501')
    expect(await h.db.auditLog.count({ where: { action: 'export' } })).toBe(1)
  })

  it('gives everything with --full, and records who asked in the audit log', async () => {
    const csv = await exportCsv('--from', '2026-11-20', '--to', '2026-11-23', '--full')
    expect(csv.trim().split('\n')).toHaveLength(4)
    expect(csv).toContain('盛阿姨')
    expect(csv).toContain('wxid_sheng_ayi')
    expect(csv).toContain('13812345678')
    expect(csv).toMatch(/^\uFEFF?工单号/)
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { action: 'export-full' } })
    expect(audit.detail).toContain('2026-11-20..2026-11-23 3 cases full')
  })

  it('writes a resident\'s formula as text, masked and in full, so a spreadsheet never runs it', async () => {
    h.clock.set('2026-11-25T10:00:00+08:00')
    expect(await h.ask('周大爷', '12号楼邻里群', '=HYPERLINK("http://x.invalid","点这里") 12号楼3单元楼道灯坏了好几天了，麻烦物业来修')).toContain('已登记')
    for (const args of [[], ['--full']]) {
      const csv = await exportCsv('--from', '2026-11-25', '--to', '2026-11-25', ...args)
      expect(csv).toContain(`'=HYPERLINK`)
      // No cell (quoted or not) starts with =, +, - or @.
      expect(csv.replace(/^\uFEFF/, '')).not.toMatch(/(^|,)"?[=+@-]/m)
    }
  })

  it('answers a malformed call with the usage line', async () => {
    await expect(exportCsv('--from', '20号')).rejects.toMatchObject({ stderr: expect.stringContaining('用法：npm run -s export') })
  })
})
