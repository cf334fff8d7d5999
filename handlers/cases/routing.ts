import type { Party, Role } from '../community/vocabulary.js'
import type { CommunityConfig, MemberConfig } from '../community/config-schema.js'
import type { Category } from '../parse/lexicon.js'

// Repairs and sanitation → the property company; disputes, consultations and care → the
// community; fees and governance → the owners' committee; errands → volunteers.
const DEFAULT_PARTY: Record<Category, Party> = {
  water: '物业', power: '物业', elevator: '物业', gas_heating: '物业', facility: '物业', sanitation: '物业',
  greenery: '物业', parking: '物业', safety: '物业', noise: '社区', dispute: '社区', care: '社区',
  property: '业委会', consult: '社区', other: '社区',
}

/** A care request that is only an errand (fetching medicine, shopping, a hand on the stairs) is for volunteers. */
const ERRAND = /(买|取|拿|送|代购|代买|跑腿|帮忙扛|扛|搬|陪|接送)(一下|点|些)?.{0,8}(药|菜|米|面|油|东西|快递|水|煤|上楼|下楼|看病|医院)/

export function partyFor(category: string, text: string, config: CommunityConfig): Party {
  const configured = config.routing[category]
  if (configured) return configured
  if (category === 'care' && ERRAND.test(text)) return '志愿者'
  return DEFAULT_PARTY[category as Category] ?? '社区'
}

export interface Person {
  id: string
  name: string
}

// When the config names nobody for a party, members with these roles handle its cases.
const PARTY_ROLES: Record<Party, Role[]> = {
  物业: ['property'],
  社区: ['grid_worker', 'secretary'],
  业委会: [],
  志愿者: [],
}

const asPerson = (m: MemberConfig): Person => ({ id: m.id, name: m.name })

/** Of the members with a role, the one for the building, else one for every building. */
function byRole(role: Role, building: string | null, config: CommunityConfig): MemberConfig | undefined {
  const holders = config.members.filter((m) => (m.roles as string[]).includes(role))
  return holders.find((m) => building !== null && m.buildings.includes(building)) ?? holders.find((m) => m.buildings.length === 0)
}

/** The named person who handles a party's cases in a building, if the config names one. */
export function handlerFor(party: Party, building: string | null, config: CommunityConfig): Person | null {
  const rule = config.parties[party]
  const id = (building !== null ? rule?.buildings[building] : undefined) ?? rule?.handler
  const named = id ? config.members.find((m) => m.id === id) : undefined
  if (named) return asPerson(named)
  for (const role of PARTY_ROLES[party]) {
    const chosen = byRole(role, building, config) ?? config.members.find((m) => (m.roles as string[]).includes(role))
    if (chosen) return asPerson(chosen)
  }
  return null
}

/** The staff group (topic) that hears about a party's new cases, if any. */
export function staffGroupFor(party: Party, config: CommunityConfig): string | null {
  return config.parties[party]?.group ?? null
}

/** 督, step by step: level 1 the building head, 2 the grid worker, 3 the secretary. */
export const ESCALATION_ROLES: Role[] = ['building_head', 'grid_worker', 'secretary']
export const ESCALATION_TITLES = ['楼栋长', '网格员', '书记']

export function escalationTarget(level: number, building: string | null, config: CommunityConfig): Person | null {
  const role = ESCALATION_ROLES[level - 1]
  if (!role) return null
  const member = role === 'building_head' ? config.members.find((m) => m.roles.includes(role) && building !== null && m.buildings.includes(building)) : byRole(role, building, config)
  return member ? asPerson(member) : null
}

export const isParty = (word: string): word is Party => ['物业', '社区', '业委会', '志愿者'].includes(word)
