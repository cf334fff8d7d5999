import { spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { tempDatabaseUrl } from '../support/harness.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// What a newcomer sees: `npm start` with no token starts the local WeChat and the terminal chat.
it('npm start without a token lets the terminal speak as a resident and shows the bot\'s answer', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, DASHBOARD_PORT: '0', DATABASE_URL: tempDatabaseUrl(), LOG_FILE: path.join(tmpdir(), `hgj-${process.pid}.log`) }
  for (const key of ['WECHATY_PUPPET', 'WECHATY_PUPPET_SERVICE_TOKEN', 'WECHATY_PUPPET_SERVICE_ENDPOINT', 'COMMUNITY_CONFIG']) delete env[key]
  const child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const waitFor = async (pattern: RegExp, ms = 60_000) => {
    const deadline = Date.now() + ms
    while (Date.now() < deadline && !pattern.test(out)) await sleep(100)
    expect(out).toMatch(pattern)
  }
  try {
    await waitFor(/在终端里扮演任何人说话/)
    child.stdin.write('盛阿姨@3栋业主群: 3栋2单元楼道灯不亮好几天了，麻烦物业看一下\n')
    await waitFor(/\[3栋业主群\] 红管家：@盛阿姨 已登记 #1：电力照明｜3栋2单元/)
    child.stdin.write('吴老师@广场舞: 大家晚上好\n')
    child.stdin.write('彭书记: 今日汇总\n')
    await waitFor(/\[私聊 彭书记\] 红管家：【淝南社区今日民情汇总】/)
    expect(out).not.toMatch(/\[广场舞爱好者群\]/)
    // Who one can speak as, with their roles and building; a name nobody has is refused, not said by the last speaker.
    child.stdin.write('/people\n')
    await waitFor(/彭书记：书记/)
    await waitFor(/盛阿姨：居民，3栋/)
    child.stdin.write('王大妈@3栋业主群: 门口的灯坏了\n')
    await waitFor(/没有找到“王大妈”，发 \/people 看看有谁/)
    await sleep(1500)
    expect(out).not.toMatch(/门口的灯/)
    child.stdin.write('/quit\n')
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(0)
  } finally {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM')
  }
}, 120_000)
