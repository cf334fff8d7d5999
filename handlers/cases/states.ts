// suspected: a message the model doubts, stored for staff to confirm (疑似反映); dismissed: staff said it was no report.
export const CASE_STATES = ['suspected', 'reported', 'accepted', 'discussing', 'in_progress', 'resolved', 'rated', 'closed', 'dismissed'] as const
export type CaseState = (typeof CASE_STATES)[number]

export const STATE_WORDS: Record<CaseState, string> = {
  suspected: '疑似反映（待确认）',
  dismissed: '不是反映（已排除）',
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
  suspected: ['reported', 'dismissed'],
  dismissed: [],
  reported: ['accepted', 'discussing', 'in_progress', 'resolved', 'closed'],
  accepted: ['discussing', 'in_progress', 'resolved', 'closed'],
  discussing: ['in_progress', 'resolved', 'closed'],
  in_progress: ['discussing', 'in_progress', 'resolved', 'closed'],
  resolved: ['rated', 'in_progress', 'closed'],
  rated: [],
  closed: [],
}

/** Cases that are not (yet) reports: left out of every count, list and rate until confirmed. */
export const TRIAGE_STATES: CaseState[] = ['suspected', 'dismissed']

export const isOpen = (state: string): boolean => (OPEN_STATES as string[]).includes(state)

export function canMove(from: string, to: CaseState): boolean {
  return (LEGAL[from as CaseState] ?? []).includes(to)
}

export const stateWord = (state: string): string => STATE_WORDS[state as CaseState] ?? state
