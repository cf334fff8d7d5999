import { FileBox } from 'file-box'
import { WechatyBuilder, type Message, type Wechaty } from 'wechaty'
import { log as wechatyLog, type impls } from 'wechaty-puppet'
import { PuppetService } from 'wechaty-puppet-service'
import type { Env } from '../config/env.js'
import type { Outgoing, Transport } from '../outbox/transport.js'
import { MAX_PICTURE_BYTES, type RawIncoming } from '../inbound/handle-incoming.js'

/**
 * The Wechaty instance from the standard environment: WECHATY_PUPPET (default
 * wechaty-puppet-service) with WECHATY_PUPPET_SERVICE_TOKEN / _ENDPOINT.
 */
export function buildWechaty(env: Env, puppet?: impls.PuppetInterface): Wechaty {
  wechatyLog.level('silent')
  if (puppet) return WechatyBuilder.build({ name: env.WECHATY_NAME, puppet })
  const puppetName = env.WECHATY_PUPPET ?? 'wechaty-puppet-service'
  if (puppetName === 'wechaty-puppet-service') {
    const service = new PuppetService(puppetServiceOptions(env))
    return WechatyBuilder.build({ name: env.WECHATY_NAME, puppet: service })
  }
  return WechatyBuilder.build({ name: env.WECHATY_NAME, puppet: puppetName as never })
}

/** What the puppet-service client is given from the environment (also read by the client itself, but only from process.env). */
export function puppetServiceOptions(env: Env): ConstructorParameters<typeof PuppetService>[0] {
  const noTls = env.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT
  const tls = {
    ...(noTls ? { disable: noTls === 'true' } : {}),
    ...(env.WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME ? { serverName: env.WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME } : {}),
  }
  return {
    token: env.WECHATY_PUPPET_SERVICE_TOKEN,
    endpoint: env.WECHATY_PUPPET_SERVICE_ENDPOINT,
    ...(env.WECHATY_PUPPET_SERVICE_AUTHORITY ? { authority: env.WECHATY_PUPPET_SERVICE_AUTHORITY } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
  }
}

/**
 * Stops Wechaty with puppet-service's on-disk payload cache closed first, and waited for. The
 * service would close that cache from a logout listener it does not wait for, so a connection
 * started right after (a restart in the same process) could find the cache still locked.
 */
export async function stopWechaty(bot: Wechaty): Promise<void> {
  let store: { stop?: () => Promise<void> } | undefined
  try {
    store = (bot.puppet as unknown as { _payloadStore?: { stop?: () => Promise<void> } })._payloadStore
  } catch {
    // Never started: there is no puppet and nothing to close.
  }
  await store?.stop?.()
  await bot.stop()
}

/** A message this much older than its arrival was held up while the bot was offline. */
const LATE_AFTER_MS = 2 * 60_000

/** The edge: a Wechaty message as a plain object, or null for ones the bot must never answer. */
export async function toRawIncoming(bot: Wechaty, message: Message): Promise<RawIncoming | null> {
  if (message.self()) return null
  const talker = message.talker()
  // Official accounts and other bots never start a conversation with us.
  if (talker.type() === bot.Contact.Type.Official) return null
  const room = message.room()
  const isText = message.type() === bot.Message.Type.Text
  return {
    messageId: message.id,
    text: isText ? message.text() : '',
    talkerId: talker.id,
    talkerName: talker.name(),
    roomId: room?.id ?? null,
    // A part that cannot be read (the connection dropped mid-way) is left out: the message itself is still stored.
    topic: room ? await orElse(room.topic(), '') : null,
    isText,
    // Wechaty reads @-mentions of text only; a quoted reply or a picture carries them in the payload.
    mentionsBot: !room || (isText ? await orElse(message.mentionSelf(), false) : Boolean(bot.currentUser && (message.payload as { mentionIdList?: string[] } | undefined)?.mentionIdList?.includes(bot.currentUser.id))),
    // Reading mentions looks up the group's members: only for a text that mentions someone.
    mentions: room && isText && /[@＠]/.test(message.text()) ? (await orElse(message.mentionList(), [])).filter((c) => c.id !== bot.currentUser?.id).map((c) => ({ id: c.id, name: c.name() })) : [],
    // Wall time against the message's own time stamp: a transport fact, not the business clock.
    late: Date.now() - message.date().getTime() > LATE_AFTER_MS,
    // A picture in a group may belong to a report just made there: its bytes are read now, up to the limit.
    file: room && message.type() === bot.Message.Type.Image ? await pictureOf(message) : undefined,
  }
}

/** How long reading a picture may take before the message is stored without it. */
const PICTURE_READ_MS = 10_000

/** A picture's name and bytes, or undefined when it cannot be read (in time) or is over MAX_PICTURE_BYTES. */
async function pictureOf(message: Message): Promise<{ name: string; data: Uint8Array } | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PICTURE_READ_MS)))
  try {
    return await Promise.race([readPicture(message), late])
  } finally {
    clearTimeout(timer)
  }
}

async function readPicture(message: Message): Promise<{ name: string; data: Uint8Array } | undefined> {
  try {
    const box = await message.toFileBox()
    if (box.size > MAX_PICTURE_BYTES) return undefined
    const data = await box.toBuffer()
    return data.length > MAX_PICTURE_BYTES ? undefined : { name: box.name || 'photo.jpg', data }
  } catch {
    return undefined
  }
}

const orElse = <T>(value: Promise<T>, fallback: T): Promise<T> => value.catch(() => fallback)

/** Sends outbox rows through Wechaty, @-mentioning in groups. */
export function wechatyTransport(bot: Wechaty): Transport {
  return {
    async send(out: Outgoing) {
      if (!bot.isLoggedIn) throw new Error('not logged in')
      const file = out.file ? FileBox.fromBuffer(Buffer.from(out.file.data), out.file.name) : undefined
      if (out.isRoom) {
        const room = await bot.Room.find({ id: out.conversationId })
        if (!room) throw new Error(`room ${out.conversationId} not found`)
        const contacts = (await Promise.all(out.mentionIds.map((id) => bot.Contact.find({ id })))).filter((c) => c !== undefined)
        if (file) await room.say(file)
        else await room.say(out.text, ...contacts)
        return
      }
      const contact = await bot.Contact.find({ id: out.conversationId })
      if (!contact) throw new Error(`contact ${out.conversationId} not found`)
      await contact.say(file ?? out.text)
    },
  }
}
