/** The forms WeChat gives a group message before anyone reads it: a quoted message, @-mentions. */

export interface Quote {
  /** The quoted message's sender, as WeChat names them. */
  name: string
  /** The quoted words (WeChat may shorten a long one). */
  text: string
}

export interface SplitMessage {
  quote: Quote | null
  /** What the sender wrote themselves. */
  reply: string
}

// 「名字：被引用的话」, a line of dashes, then the reply.
const QUOTED = /^\s*「([^：:」]{1,40})[：:]([\s\S]*?)」\s*\n\s*(?:-\s*){3,}\n?([\s\S]*)$/

/** A quoted reply split into the quote and the reply; any other message is all reply. */
export function splitQuote(text: string): SplitMessage {
  const m = QUOTED.exec(text)
  if (!m) return { quote: null, reply: text }
  return { quote: { name: m[1]!.trim(), text: m[2]!.trim() }, reply: m[3]!.trim() }
}

// WeChat ends an @-mention with a quarter-em space; typed ones end with an ordinary space or the text's end.
const MENTION = /(?<=^|\s)@[^\s\u2005@]{1,30}(?:[\u2005\s]|$)/g

/** The words without the @-mentions ("@物业小王 快来看看" is read as "快来看看"). */
export const withoutMentions = (text: string): string => text.replace(MENTION, ' ').replace(/\s+/g, ' ').trim()

// The bot's own acknowledgement, quoted: 「红管家：已登记 #12 …」.
const OWN_CASE = /(?:已登记|已合并到|已记下|#)\s*#?(\d{1,9})/

/** The case number a quote of the bot's own post names, if the quote is the bot's. */
export function caseNumberOfOwnQuote(quote: Quote, botNames: readonly string[]): number | null {
  if (!botNames.includes(quote.name)) return null
  const m = OWN_CASE.exec(quote.text)
  return m ? Number(m[1]) : null
}
