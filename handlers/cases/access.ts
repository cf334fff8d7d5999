import type { CommunityConfig } from '../community/config-schema.js'
import type { Party } from '../community/vocabulary.js'
import { isSecretary, isStaff, type Sender } from '../context.js'

/** The parties a staff member works for: those naming them as handler, and the property company's and the community's own staff. */
function partiesOf(sender: Sender, config: CommunityConfig): Set<Party> {
  const parties = new Set<Party>()
  for (const [party, p] of Object.entries(config.parties) as Array<[Party, CommunityConfig['parties'][Party]]>) {
    if (p && (p.handler === sender.id || Object.values(p.buildings).includes(sender.id))) parties.add(party)
  }
  if (sender.roles.has('property')) parties.add('物业')
  if (sender.roles.has('grid_worker')) parties.add('社区')
  return parties
}

/** Who reads and acts on every case: secretaries and admins, and grid workers, who look after the whole community. */
const readsEverything = (sender: Sender): boolean => isSecretary(sender) || sender.roles.has('grid_worker')

type CaseScope = { party: string; building: string | null; assigneeId?: string | null; streetAt?: Date | null }

/**
 * Whether a staff member may move a case on, in the chat or on the dashboard: secretaries, admins
 * and grid workers (who triage and route for the whole community) every case, others the cases of
 * their own party, and a building head those of their buildings.
 */
export function mayActOn(sender: Sender, caseRow: CaseScope, config: CommunityConfig): boolean {
  if (!isStaff(sender)) return false
  if (readsEverything(sender)) return true
  if (partiesOf(sender, config).has(caseRow.party as Party)) return true
  // The street's staff work the cases in the street's queue (提请街道协调), and no other.
  if (sender.roles.has('street_staff') && caseRow.streetAt != null) return true
  return sender.roles.has('building_head') && caseRow.building !== null && sender.buildings.includes(caseRow.building)
}

/**
 * Whether a staff member may read a case whole (names, room, words, photos): the cases they may act
 * on and those assigned to them; secretaries, admins and grid workers every case.
 */
export function mayRead(sender: Sender, caseRow: CaseScope, config: CommunityConfig): boolean {
  if (!isStaff(sender)) return false
  return readsEverything(sender) || mayActOn(sender, caseRow, config) || (caseRow.assigneeId != null && caseRow.assigneeId === sender.id)
}

/** mayRead as a database condition, for lists and exports; null when the sender reads every case. */
export function readScope(sender: Sender, config: CommunityConfig): { OR: Array<Record<string, unknown>> } | null {
  if (readsEverything(sender)) return null
  const buildings = sender.roles.has('building_head') ? [...sender.buildings] : []
  return {
    OR: [
      { assigneeId: sender.id },
      ...[...partiesOf(sender, config)].map((party) => ({ party })),
      ...(buildings.length ? [{ building: { in: buildings } }] : []),
      ...(sender.roles.has('street_staff') ? [{ streetAt: { not: null } }] : []),
    ],
  }
}

/** The refusal when a staff member names a case outside their scope. */
export const outOfScopeText = (number: number, party: string): string => `#${number} 归${party}处理，不在您负责的范围内。需要时请联系书记或站长转派。`
