/** One message as the chat connection sends it. */
export interface Outgoing {
  conversationId: string
  isRoom: boolean
  text: string
  mentionIds: string[]
  /** An image sent instead of the text. */
  file?: { name: string; data: Uint8Array }
}

/** The chat connection as the sender sees it (wechat/wechaty-bot.ts gives the Wechaty one). */
export interface Transport {
  send(message: Outgoing): Promise<void>
}
