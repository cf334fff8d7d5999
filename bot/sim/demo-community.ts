import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import type { LocalWeChat } from './local-wechat.js'

export const BOT_ID = 'wxid_hongguanjia_bot'

/** Residents who live in the demo: names as shown in WeChat, and the building they live in. */
const RESIDENTS = [
  { id: 'wxid_sheng_ayi', name: '盛阿姨', building: '3' },
  { id: 'wxid_liu_shushu', name: '刘叔叔', building: '3' },
  { id: 'wxid_chen_xiaomei', name: '陈小美', building: '12' },
  { id: 'wxid_zhou_daye', name: '周大爷', building: '12' },
  { id: 'wxid_wu_laoshi', name: '吴老师', building: null },
]

/** An extra group the bot is in but does not serve: it must stay silent there. */
export const UNSERVED_GROUP = { id: 'demo_unserved', topic: '广场舞爱好者群' }

export interface Demo {
  botId: string
  /** Everyone one can speak as, with what the bot knows of them: roles from the config, the building they live in or look after. */
  people: Array<{ id: string; name: string; roles: string[]; buildings: string[] }>
  groups: Array<{ roomId: string; topic: string }>
}

/**
 * Fills the local WeChat with a community: the config's groups and staff, a few residents,
 * and one group the bot does not serve. The bot account is logged in.
 */
export function seedDemoCommunity(wechat: LocalWeChat, config: CommunityConfig, botId = BOT_ID): Demo {
  // A standby account (another bot id) shares its groups with the main one, as in WeChat.
  wechat.person(BOT_ID, config.botName)
  const bot = wechat.person(botId, config.botName)
  const people = [
    ...config.members.map((m) => ({ id: m.id, name: m.name, roles: [...m.roles], buildings: [...(m.buildings ?? [])] })),
    ...RESIDENTS.map(({ id, name, building }) => ({ id, name, roles: ['resident'], buildings: building ? [building] : [] })),
  ]
  for (const p of people) wechat.person(p.id, p.name)
  const everyone = [...new Set([BOT_ID, botId]), ...people.map((p) => p.id)]
  const topics = [...config.groups.map((g) => g.topic), UNSERVED_GROUP.topic]
  const groups = topics.map((topic, i) => {
    const room = wechat.group(i === topics.length - 1 ? UNSERVED_GROUP.id : `demo_group_${i + 1}`, topic, everyone)
    return { roomId: room.id, topic }
  })
  wechat.login(bot)
  return { botId, people, groups }
}
