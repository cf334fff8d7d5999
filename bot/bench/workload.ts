import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stringify as stringifyYaml } from 'yaml'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import { EXAMPLE_CONFIG_PATH, loadCommunityConfig } from '../config/community-config.js'
import { BOT_ID } from '../sim/demo-community.js'
import { LocalWeChat } from '../sim/local-wechat.js'
import { seededRandom } from '../../handlers/random.js'

/** Requests the rule parser reads with their household (building, unit, room) when a place is put in front. */
export const PROBLEMS = ['家里水管漏水了，麻烦看一下', '门口的下水道堵了', '家门口的垃圾好几天没人收', '窗户外面的空调架子松了，怕掉下来', '暖气片不热', '家里停电了', '楼上装修太吵了，中午都不停', '门禁卡刷不开了']
/** Chit-chat the bot must not answer. */
export const CHATTER = ['大家早上好', '今天天气真不错', '哈哈哈', '谢谢大家', '收到', '晚上一起去跳舞吗', '孩子放学了吗', '好的好的', '[玫瑰][玫瑰]', '明天降温，大家多穿点']

/** The example community with no schedules and the send limiter switched off, as the benchmark measures. */
export function benchConfig(): CommunityConfig {
  const base = loadCommunityConfig(EXAMPLE_CONFIG_PATH)
  const off = Object.fromEntries(Object.keys(base.schedules).filter((k) => k !== 'graceMinutes').map((k) => [k, 'off']))
  const unlimited = 1_000_000_000
  return {
    ...base,
    schedules: { ...base.schedules, ...off },
    sending: { minGapSeconds: 0, jitterSeconds: [0, 0], perGroupGapSeconds: 0, perGroupPerHour: unlimited, perMinute: unlimited, perHour: unlimited, dailyAlert: unlimited, dailyCap: unlimited, broadcastGapSeconds: [0, 0], frequentPauseMinutes: base.sending.frequentPauseMinutes, perContactPerHour: unlimited },
  }
}

/** Writes the config where a bot process can read it (COMMUNITY_CONFIG). */
export function writeBenchConfig(config: CommunityConfig): string {
  const file = path.join(tmpdir(), `hongguanjia-bench-${process.pid}.yaml`)
  writeFileSync(file, stringifyYaml(config))
  return file
}

export interface BenchWeChat {
  wechat: LocalWeChat
  /** One room per building, `N栋业主群`, served because its name says which building it is. */
  rooms: Array<{ roomId: string; building: string }>
  residents: string[]
}

/** A local WeChat with `groups` building groups and `residents` people spread over them, the bot logged in. */
export async function benchWeChat(config: CommunityConfig, groups: number, residents: number): Promise<BenchWeChat> {
  const wechat = await LocalWeChat.start()
  const bot = wechat.person(BOT_ID, config.botName)
  for (const m of config.members) wechat.person(m.id, m.name)
  const people = Array.from({ length: residents }, (_, i) => wechat.person(`wxid_bench_${i}`, `居民${i + 1}`).id)
  const rooms = Array.from({ length: groups }, (_, g) => {
    const members = [BOT_ID, ...config.members.map((m) => m.id), ...people.filter((_, i) => i % groups === g)]
    return { roomId: wechat.group(`bench_${g + 1}`, `${g + 1}栋业主群`, members).id, building: String(g + 1) }
  })
  wechat.login(bot)
  return { wechat, rooms, residents: people }
}

export type Kind = 'request' | 'chatter' | 'command'
export interface BenchMessage {
  id: string
  kind: Kind
  personId: string
  roomId: string | null
  text: string
}

/** A seeded generator, so every run offers the same messages. */
export const seeded = seededRandom

/**
 * `count` messages: about 70% requests (each at a household of its own while there are enough,
 * so few merge), 27% chit-chat and 3% commands (`我的工单`, privately). `unitFrom` keeps the
 * households of separate batches apart.
 */
export function benchMessages(setup: BenchWeChat, count: number, prefix: string, seed: number, unitFrom = 1): BenchMessage[] {
  const random = seeded(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const byRoom = new Map<string, string[]>()
  setup.residents.forEach((id, i) => {
    const room = setup.rooms[i % setup.rooms.length]!.roomId
    byRoom.set(room, [...(byRoom.get(room) ?? []), id])
  })
  const used = new Set<string>()
  return Array.from({ length: count }, (_, i) => {
    const r = random()
    const room = pick(setup.rooms)
    const personId = pick(byRoom.get(room.roomId) ?? setup.residents)
    const id = `${prefix}-${i}`
    if (r >= 0.97) return { id, kind: 'command', personId, roomId: null, text: '我的工单' }
    if (r >= 0.7) return { id, kind: 'chatter', personId, roomId: room.roomId, text: pick(CHATTER) }
    let place = ''
    for (let tries = 0; tries < 5 && (!place || used.has(place)); tries++) {
      place = `${room.building}栋${unitFrom + Math.floor(random() * 9)}单元${(1 + Math.floor(random() * 33)) * 100 + 1 + Math.floor(random() * 9)}`
    }
    used.add(place)
    return { id, kind: 'request', personId, roomId: room.roomId, text: `${place}${pick(PROBLEMS)}` }
  })
}

/** Hands a message to the bot as WeChat would. */
export function deliver(wechat: LocalWeChat, m: BenchMessage): void {
  wechat.deliver({ id: m.id, personId: m.personId, ...(m.roomId ? { roomId: m.roomId } : { to: BOT_ID }), text: m.text })
}
