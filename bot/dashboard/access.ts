import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import type { Party } from '../../handlers/community/vocabulary.js'
import { isSecretary, isStaff, type Sender } from '../../handlers/context.js'

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

/**
 * Whether a staff member may move a case on from the dashboard: secretaries and admins every case,
 * others the cases of their own party, and a building head those of their buildings.
 */
export function mayActOn(sender: Sender, caseRow: { party: string; building: string | null }, config: CommunityConfig): boolean {
  if (!isStaff(sender)) return false
  if (isSecretary(sender)) return true
  if (partiesOf(sender, config).has(caseRow.party as Party)) return true
  return sender.roles.has('building_head') && caseRow.building !== null && sender.buildings.includes(caseRow.building)
}
