import type { CommunityConfig, Party } from '../../bot/community-config.js'
import type { Category } from '../parse/lexicon.js'

const DEFAULT_PARTY: Record<Category, Party> = {
  water: '物业', power: '物业', elevator: '物业', gas_heating: '物业', facility: '物业', sanitation: '物业',
  greenery: '物业', parking: '物业', safety: '物业', noise: '社区', dispute: '社区', care: '社区',
  property: '业委会', consult: '社区', other: '社区',
}

export function partyFor(category: string, config: CommunityConfig): Party {
  return config.routing[category] ?? DEFAULT_PARTY[category as Category] ?? '社区'
}

const PARTY_ROLES: Record<Party, string[]> = {
  物业: ['property'],
  社区: ['grid_worker', 'secretary'],
  业委会: [],
  志愿者: [],
}

/** The named person who handles a party's cases in a building, if the config names one. */
export function handlerFor(party: Party, building: string | null, config: CommunityConfig): { id: string; name: string } | null {
  for (const role of PARTY_ROLES[party]) {
    const candidates = config.members.filter((m) => (m.roles as string[]).includes(role))
    const local = candidates.find((m) => building !== null && m.buildings.includes(building))
    const chosen = local ?? candidates.find((m) => m.buildings.length === 0) ?? candidates[0]
    if (chosen) return { id: chosen.id, name: chosen.name }
  }
  return null
}

export const isParty = (word: string): word is Party => ['物业', '社区', '业委会', '志愿者'].includes(word)
