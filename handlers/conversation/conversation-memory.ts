import type { ConversationReading, ConversationState, NewMessage, OpenCase, ThreadMessage } from './read-in-conversation.js'
import { OPEN_CASE_WINDOW_MS } from './read-in-conversation.js'

/** How many recent messages of a group the reader looks back over. */
export const RECENT_MESSAGES = 60

/**
 * The conversation state of many groups kept in memory, for reading a stream of messages without a
 * database (the evaluation command, tests): a report opens a case named by its message id.
 */
export class ConversationMemory {
  private readonly groups = new Map<string, { building: string | null; recent: ThreadMessage[]; cases: OpenCase[] }>()
  private numbers = 0

  constructor(private readonly botNames: readonly string[] = ['红管家']) {}

  stateOf(group: string, building: string | null, now: number): ConversationState {
    const g = this.group(group, building)
    g.recent = g.recent.filter((m) => now - m.at <= OPEN_CASE_WINDOW_MS).slice(-RECENT_MESSAGES)
    g.cases = g.cases.filter((c) => now - c.openedAt <= OPEN_CASE_WINDOW_MS)
    return { groupBuilding: building, recent: g.recent, openCases: g.cases, botNames: this.botNames }
  }

  /** What the reading did, as the bot would store it: the case opened or joined, a co-reporter, a higher urgency. */
  record(group: string, message: NewMessage, reading: ConversationReading): string | null {
    const g = this.group(group, null)
    let caseRef: string | null = null
    if (reading.kind === 'report') {
      const { parsed } = reading
      caseRef = message.id
      g.cases.push({
        ref: message.id, number: ++this.numbers, category: parsed.category ?? 'other', building: parsed.building, unit: parsed.unit, room: parsed.room,
        urgency: parsed.urgency ?? 'normal', reporterIds: [message.senderId], openedAt: message.at, text: reading.text, suspected: !parsed.isRequest,
      })
    } else if (reading.kind === 'followup') {
      caseRef = reading.caseRef
      const index = g.cases.findIndex((c) => c.ref === caseRef)
      const c = g.cases[index]
      if (c && reading.effect === 'same' && !c.reporterIds.includes(message.senderId)) g.cases[index] = { ...c, reporterIds: [...c.reporterIds, message.senderId] }
      if (c && reading.effect === 'urgent') g.cases[index] = { ...g.cases[index]!, urgency: 'urgent' }
      if (c && reading.effect === 'fixed') g.cases[index] = { ...g.cases[index]!, saidFixed: true }
    }
    g.recent.push({ ...message, caseRef })
    return caseRef
  }

  private group(name: string, building: string | null) {
    let g = this.groups.get(name)
    if (!g) this.groups.set(name, (g = { building, recent: [], cases: [] }))
    return g
  }
}
