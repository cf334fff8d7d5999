export const CASE_STATES = ['reported', 'accepted', 'discussing', 'in_progress', 'resolved', 'rated', 'closed'] as const
export type CaseState = (typeof CASE_STATES)[number]

export const STATE_WORDS: Record<CaseState, string> = {
  reported: '待受理',
  accepted: '已受理',
  discussing: '协商中',
  in_progress: '处理中',
  resolved: '已办结',
  rated: '已评价',
  closed: '已关闭',
}

export const OPEN_STATES: CaseState[] = ['reported', 'accepted', 'discussing', 'in_progress']

const LEGAL: Record<CaseState, CaseState[]> = {
  reported: ['accepted', 'discussing', 'in_progress', 'resolved', 'closed'],
  accepted: ['discussing', 'in_progress', 'resolved', 'closed'],
  discussing: ['in_progress', 'resolved', 'closed'],
  in_progress: ['discussing', 'in_progress', 'resolved', 'closed'],
  resolved: ['rated', 'in_progress', 'closed'],
  rated: [],
  closed: [],
}

export const isOpen = (state: string): boolean => (OPEN_STATES as string[]).includes(state)

export function canMove(from: string, to: CaseState): boolean {
  return (LEGAL[from as CaseState] ?? []).includes(to)
}

export const stateWord = (state: string): string => STATE_WORDS[state as CaseState] ?? state
