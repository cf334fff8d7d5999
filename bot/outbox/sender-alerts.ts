import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import { momentText } from '../../handlers/time.js'
import type { Clock } from '../clock.js'
import type { Alerts } from './alerts.js'
import type { FrequentPause } from './pacing.js'

/** What the operator is told about sending: the daily count near its cap, replies held by a group's cap, WeChat's "频繁". */
export function senderAlerts(alerts: Alerts, config: CommunityConfig, clock: Clock) {
  const today = () => clock.now().toISOString().slice(0, 10)
  return {
    onDailyAlert: (sent: number) =>
      void alerts.raise(`daily:${today()}`, `提醒：红管家过去 24 小时已发出 ${sent} 条消息，接近每日上限 ${config.sending.dailyCap} 条；到上限后群消息暂停，私聊照常。`),
    onHeld: (minutes: number) =>
      void alerts.raise(
        `held:${today()}`,
        `提醒：有回复因为单个群每小时 ${config.sending.perGroupPerHour} 条的上限已经等了 ${minutes} 分钟。紧急的回执和给工作人员的紧急通知不受这个限制；其余的等这个群的名额，轮到时合并成一条发出。群里消息一直很多的话，可以在社区配置 sending.perGroupPerHour 里适当调高。`,
      ),
    onFrequent: ({ minutes, until, first }: FrequentPause) => {
      if (!first) return
      alerts.clear('frequent')
      void alerts.raise('frequent', `提醒：微信提示红管家发送消息过于频繁，已暂停所有发送 ${minutes} 分钟（到 ${momentText(until, config.timezone)}），期间不重试，之后自动恢复；若再出现会暂停更久。`)
    },
  }
}
