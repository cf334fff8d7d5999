import type { Clock } from '../clock.js'
import type { Statements } from '../db/connection.js'
import type { Logger } from '../logger.js'
import { enqueueReplies } from './enqueue.js'

interface AlertOptions {
  /** Where the operators' private notes are queued. */
  sql: Statements
  communityId: number
  clock: Clock
  log: Logger
  /** Contact ids told privately: admins first, then secretaries. */
  operators: string[]
  webhookUrl?: string
  onQueued?: () => void
}

/**
 * What the operator must know about, said once per episode: in the log, to the webhook when one
 * is set (a WeCom / DingTalk group robot, reachable while the WeChat account is not), and
 * privately to the operators as soon as the bot can send.
 */
export class Alerts {
  private readonly open = new Set<string>()

  constructor(private readonly options: AlertOptions) {}

  /** Raises `kind` unless it is already raised; `clear(kind)` ends the episode. */
  async raise(kind: string, text: string): Promise<void> {
    if (this.open.has(kind)) return
    this.open.add(kind)
    const { sql, communityId, clock, log, operators, webhookUrl } = this.options
    log.error({ alert: kind }, text)
    const at = clock.now()
    const notes = operators.slice(0, 3).map((id) => ({ conversationId: id, isRoom: false, text, key: `alert:${kind}:${at.toISOString()}:${id}` }))
    try {
      await enqueueReplies(sql, communityId, notes, at)
      if (notes.length) this.options.onQueued?.()
    } catch (error) {
      log.error({ err: error, alert: kind }, 'could not queue an alert for the operator')
    }
    if (webhookUrl) await this.post(webhookUrl, text, kind)
  }

  clear(kind: string): void {
    this.open.delete(kind)
  }

  isRaised(kind: string): boolean {
    return this.open.has(kind)
  }

  private async post(url: string, text: string, kind: string): Promise<void> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'text', text: { content: text } }),
        signal: AbortSignal.timeout(5000),
      })
      if (!res.ok) this.options.log.warn({ status: res.status, alert: kind }, 'alert webhook refused the alert')
    } catch (error) {
      this.options.log.warn({ err: error, alert: kind }, 'alert webhook could not be reached')
    }
  }
}
