/** What a failed send means for the queue. */
export type SendFailure =
  /** WeChat said the account sends too much ("发送消息过于频繁"): pause everything, count no attempt. */
  | 'too-frequent'
  /** The connection dropped: not the message's fault, so no attempt is counted; tried again shortly. */
  | 'connection-lost'
  /** Anything else: an attempt counted, given up after a few. */
  | 'failed'

const TOO_FREQUENT = /频繁|too frequent|frequently|rate.?limit/i
const CONNECTION_LOST = /UNAVAILABLE|Connection dropped|ECONNREFUSED|ECONNRESET|Stream removed|not logged in/i

const messageOf = (error: unknown): string => String(error instanceof Error ? error.message : error)

/** How a dropped puppet-service connection shows itself (in a failed send, or an error event). */
export const isConnectionLost = (error: unknown): boolean => CONNECTION_LOST.test(messageOf(error))

/** How a failed send is treated: WeChat's "频繁" in its Chinese and English forms, a dropped connection, or a failure. */
export function classifySendError(error: unknown): SendFailure {
  if (TOO_FREQUENT.test(messageOf(error))) return 'too-frequent'
  return isConnectionLost(error) ? 'connection-lost' : 'failed'
}
