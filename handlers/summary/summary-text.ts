import { buildingText, categoryName, locationText } from '../cases/case-texts.js'
import { stateWord } from '../cases/states.js'
import { dayText } from '../time.js'
import type { Summary } from './compute-summary.js'

const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`)

/**
 * The summary as posted to a group. It names no person, no room and no phone number:
 * only counts, categories, buildings and case numbers.
 */
export function summaryText(title: string, summary: Summary, timeZone: string, periodWord: string): string {
  const lines = [
    `【${title}】${dayText(summary.from, timeZone)}${periodWord}`,
    `新增 ${summary.created} 件｜办结 ${summary.resolved} 件｜待办 ${summary.open} 件｜逾期 ${summary.overdue} 件`,
  ]
  if (summary.suspected) lines.push(`待确认 ${summary.suspected} 件疑似反映（工作人员发「待办」可查看，确认后才计入工单和三率）`)
  if (summary.byCategory.length) {
    lines.push(`按类别：${summary.byCategory.map((c) => `${categoryName(c.category)} ${c.count}`).join('、')}`)
  }
  if (summary.byBuilding.length) {
    lines.push(`按楼栋：${summary.byBuilding.map((b) => `${b.building ? buildingText(b.building) : '未注明'} ${b.count}`).join('、')}`)
  }
  if (summary.urgent.length) {
    lines.push('紧急工单：')
    for (const u of summary.urgent) lines.push(`· #${u.number} ${categoryName(u.category)}｜${locationText({ ...u, room: null }, false)}｜${stateWord(u.state)}`)
  } else {
    lines.push('紧急工单：无')
  }
  if (summary.street.length) {
    lines.push('超过办结时限一倍仍未办结，提请街道协调：')
    for (const u of summary.street) lines.push(`· #${u.number} ${categoryName(u.category)}｜${locationText({ ...u, room: null }, false)}｜${stateWord(u.state)}`)
  }
  lines.push(`响应率 ${percent(summary.responseRate)}｜解决率 ${percent(summary.resolutionRate)}｜满意率 ${percent(summary.satisfactionRate)}`)
  if (summary.unrated) lines.push(`（另有 ${summary.unrated} 件办结后未评价、已自动结案，不计入满意率）`)
  if ([summary.responseRate, summary.resolutionRate, summary.satisfactionRate].includes(null)) {
    lines.push('（“—”表示统计期内还没有到期或已评价的工单）')
  }
  return lines.join('\n')
}
