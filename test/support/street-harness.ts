import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stringify as stringifyYaml } from 'yaml'
import { ManualClock } from '../../bot/clock.js'
import { loadEnv } from '../../bot/config/env.js'
import { loadStreetConfig, type StreetConfig } from '../../bot/config/street-config.js'
import { seedDemoCommunity, type Demo } from '../../bot/sim/demo-community.js'
import { LocalWeChat } from '../../bot/sim/local-wechat.js'
import { startStreet, type Street } from '../../bot/street/street-app.js'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import { Harness, silentLog, tempDatabaseUrl, testConfig } from './harness.js'

export const STREET_NAME = '东湖街道'
export const COMMUNITY_NAMES = ['淝南社区', '光明社区', '和平社区'] as const
/** The street's people and its 住建 department's contact. */
export const STREET_PEOPLE = {
  secretary: { id: 'wxid_street_wang', name: '王主任' },
  staff: { id: 'wxid_street_zhao', name: '赵干事' },
  zhujian: { id: 'wxid_zhujian_liu', name: '住建刘工' },
}

/**
 * The example community under another name, its staff with ids of their own (`prefix`): the same
 * names (彭书记, 网格员小李 …) are different people in each community.
 */
export function communityNamed(name: string, prefix: string): CommunityConfig {
  const base = testConfig()
  const id = (x: string) => `${prefix}${x}`
  return {
    ...base,
    community: name,
    members: base.members.map((m) => ({ ...m, id: id(m.id) })),
    parties: Object.fromEntries(Object.entries(base.parties).map(([party, p]) => [party, p && { ...p, ...(p.handler ? { handler: id(p.handler) } : {}), buildings: Object.fromEntries(Object.entries(p.buildings).map(([b, m]) => [b, id(m)])) }])),
  }
}

/** Writes a street file and its communities' files (as an operator would), and reads it back as the bot does. */
export function writeStreet(configs: CommunityConfig[]): { file: string; street: StreetConfig } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hgj-street-'))
  configs.forEach((c, i) => writeFileSync(path.join(dir, `c${i + 1}.yaml`), stringifyYaml(c)))
  const file = path.join(dir, 'street.yaml')
  writeFileSync(file, stringifyYaml({
    street: STREET_NAME,
    members: [{ ...STREET_PEOPLE.secretary, roles: ['street_secretary'] }, { ...STREET_PEOPLE.staff, roles: ['street_staff'] }],
    departments: [{ name: '住建', contact: STREET_PEOPLE.zhujian.id, contactName: STREET_PEOPLE.zhujian.name }, { name: '城管', contact: 'wxid_chengguan', contactName: '城管陈队' }],
    communities: configs.map((_, i) => ({ config: `c${i + 1}.yaml`, tokenEnv: `COMMUNITY_${i + 1}_TOKEN`, endpointEnv: `COMMUNITY_${i + 1}_ENDPOINT` })),
  }))
  return { file, street: loadStreetConfig(file) }
}

/** Each community's local WeChat with its demo people and groups, the street's people and the 住建 contact in it too. */
export async function streetWeChats(street: StreetConfig): Promise<Array<{ wechat: LocalWeChat; demo: Demo }>> {
  return Promise.all(street.communities.map(async (c) => {
    const wechat = await LocalWeChat.start()
    const demo = seedDemoCommunity(wechat, c.config)
    wechat.person(STREET_PEOPLE.zhujian.id, STREET_PEOPLE.zhujian.name)
    return { wechat, demo }
  }))
}

/** Where each community's account is: the variables the street file names. */
export const tokensOf = (wechats: LocalWeChat[]): Record<string, string> =>
  Object.fromEntries(wechats.flatMap((w, i) => [[`COMMUNITY_${i + 1}_TOKEN`, w.token], [`COMMUNITY_${i + 1}_ENDPOINT`, w.endpoint]]))

/** Three communities of one street in one process, each on its own account and local WeChat. */
export class StreetHarness {
  private constructor(
    readonly street: Street,
    readonly config: StreetConfig,
    readonly wechats: LocalWeChat[],
    readonly clock: ManualClock,
    readonly databaseUrl: string,
    /** One harness per community, to speak in its WeChat. */
    readonly communities: Harness[],
  ) {}

  static async start(options: { clock?: ManualClock } = {}): Promise<StreetHarness> {
    const clock = options.clock ?? new ManualClock('2026-11-20T10:00:00+08:00')
    const { file, street } = writeStreet(COMMUNITY_NAMES.map((name, i) => (i === 0 ? { ...testConfig(), community: name } : communityNamed(name, `c${i + 1}_`))))
    const chats = await streetWeChats(street)
    const wechats = chats.map((c) => c.wechat)
    const databaseUrl = tempDatabaseUrl()
    const env = loadEnv({ DATABASE_URL: databaseUrl, STREET_CONFIG: file, DASHBOARD_PORT: '0', WECHATY_PUPPET: 'wechaty-puppet-service' })
    const running = await startStreet({ env, street, source: tokensOf(wechats), clock, log: silentLog })
    await Promise.all(running.apps.map((a) => a.ready))
    const harnesses = running.apps.map((app, i) => Harness.around(wechats[i]!, chats[i]!.demo, app, clock, street.communities[i]!.config, databaseUrl))
    return new StreetHarness(running, street, wechats, clock, databaseUrl, harnesses)
  }

  async stop(): Promise<void> {
    await this.street.stop()
    await Promise.all(this.wechats.map((w) => w.stop()))
  }
}

