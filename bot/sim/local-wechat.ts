import { randomUUID } from 'node:crypto'
import { FileBox } from 'file-box'
import type { EventEmitter } from 'node:events'
import { createServer } from 'node:net'
import { types } from 'wechaty-puppet'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { PuppetServer } from 'wechaty-puppet-service'

/** A 1×1 PNG, for pictures sent without bytes of their own. */
const SMALL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

export interface ChatLine {
  /** Group topic, or the contact's name for a private chat. */
  where: string
  roomId: string | null
  fromId: string
  from: string
  text: string
  /** For a private chat, who the line was sent to. */
  toId: string | null
  /** When the local WeChat saw the line (ms since the epoch). */
  at: number
  /** A picture or file sent instead of text. */
  file?: { name: string; data: Buffer }
}

type SentFile = { name: string; data: Buffer }

const HEARTBEAT_MS = 15_000

/** The mock account, which also keeps the bytes of every file sent, for the transcript. */
class RecordingPuppetMock extends PuppetMock {
  /** Set while a file is being handed to the mocker, whose 'message' event fires synchronously. */
  sending?: SentFile
  /** While set, every send is refused with this error, as WeChat refuses an account that sends too much. */
  refusal: string | null = null
  refused = 0
  /** The account logged in: a real puppet service keeps its session when its client restarts it. */
  account?: string

  override async onStart(): Promise<void> {
    await super.onStart()
    const account = this.account
    if (account && !this.isLoggedIn) setTimeout(() => this.account === account && !this.isLoggedIn && this.login(account), 200)
  }

  private refuse(): void {
    if (this.refusal === null) return
    this.refused++
    throw new Error(this.refusal)
  }

  override async messageSendText(...args: Parameters<PuppetMock['messageSendText']>): Promise<void> {
    this.refuse()
    return super.messageSendText(...args)
  }

  override async messageSendFile(conversationId: string, file: Parameters<PuppetMock['messageSendFile']>[1]): Promise<void> {
    this.refuse()
    this.sending = { name: file.name, data: await file.toBuffer() }
    try {
      await super.messageSendFile(conversationId, file)
    } finally {
      this.sending = undefined
    }
  }
}

// The mock's typed emitters ship without their typings; they are plain EventEmitters.
const onMessage = (emitter: unknown, listener: (message: mock.MessageMock) => void): void => {
  ;(emitter as EventEmitter).on('message', listener)
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * A WeChat on this machine: wechaty-puppet-mock behind a wechaty-puppet-service PuppetServer
 * on 127.0.0.1. A bot connects to it with PuppetService({ endpoint, token }) exactly as to a
 * real account; residents speak through the mocker, and every line said is kept in `transcript`.
 */
export class LocalWeChat {
  readonly transcript: ChatLine[] = []
  private readonly listeners = new Set<(line: ChatLine) => void>()
  private heartbeat?: NodeJS.Timeout

  private constructor(
    readonly mocker: mock.Mocker,
    private readonly puppet: RecordingPuppetMock,
    private server: PuppetServer,
    readonly endpoint: string,
    readonly token: string,
  ) {}

  static async start(port?: number): Promise<LocalWeChat> {
    const mocker = new mock.Mocker()
    const puppet = new RecordingPuppetMock({ mocker })
    // The token's part before the first underscore names the TLS server: the bundled certificate is for "insecure".
    const token = `insecure_${randomUUID()}`
    const endpoint = `127.0.0.1:${port ?? (await freePort())}`
    const server = new PuppetServer({ endpoint, token, puppet })
    await server.start()
    const wechat = new LocalWeChat(mocker, puppet, server, endpoint, token)
    // A puppet service sends heartbeats: a client that hears nothing for a minute resets the connection.
    wechat.heartbeat = setInterval(() => puppet.emit('heartbeat', { data: 'local wechat' }), HEARTBEAT_MS)
    wechat.heartbeat.unref()
    return wechat
  }

  person(id: string, name: string): mock.ContactMock {
    const existing = this.mocker.cacheContactPayload.get(id)
    if (existing) return this.mocker.ContactMock.load(id)
    const contact = this.mocker.createContact({ id, name })
    // A private line reaches both ends; it is kept once, at the receiving end.
    onMessage(contact, (message) => {
      if (!message.room() && message.listener()?.id === id) this.record(message, null)
    })
    return contact
  }

  /** A group chat; WeChat room ids end in @chatroom. */
  group(id: string, topic: string, memberIds: string[]): mock.RoomMock {
    const roomId = id.endsWith('@chatroom') ? id : `${id}@chatroom`
    if (this.mocker.cacheRoomPayload.has(roomId)) return this.mocker.RoomMock.load(roomId)
    const room = this.mocker.createRoom({ id: roomId, topic, memberIdList: memberIds })
    onMessage(room, (message) => this.record(message, room))
    return room
  }

  /** Logs the account in (once: a second bot connecting to the same account finds it logged in). */
  login(user: mock.ContactMock): void {
    this.puppet.account = user.id
    if (!this.mocker.puppet.isLoggedIn) this.mocker.login(user)
  }

  /** The account is logged out (the phone ended the session): it stays out until login() again. */
  async logout(): Promise<void> {
    this.puppet.account = undefined
    await this.puppet.logout()
  }

  /** A person says something in a group (or, with no room, to `to` privately). */
  say(personId: string, text: string, where: { roomId?: string; to?: string }): void {
    const person = this.mocker.ContactMock.load(personId)
    const target = where.roomId ? this.mocker.RoomMock.load(where.roomId) : this.mocker.ContactMock.load(where.to!)
    person.say(text).to(target)
  }

  /**
   * Delivers a message as WeChat hands it over, with its own id and time stamp: the same id twice
   * is a duplicate delivery, an old time stamp a message held up while the bot was offline.
   * `image` sends a picture instead of text ('unreadable': one whose file never arrives); `mentions` @-mentions those contacts.
   */
  deliver(message: { id?: string; personId: string; roomId?: string; to?: string; text?: string; timestamp?: number; image?: boolean | 'unreadable' | { name: string; data: Buffer }; mentions?: string[] }): string {
    const id = message.id ?? `local-${randomUUID()}`
    if (!this.mocker.cacheMessagePayload.has(id)) {
      // A picture's bytes (a small one unless given): what the bot reads when it asks for the message's file.
      const picture = typeof message.image === 'object' ? message.image : message.image === true ? { name: 'tupian.png', data: SMALL_PNG } : null
      if (picture) this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(picture.data.toString('base64'), picture.name).toJSON() as never)
      const base = { id, talkerId: message.personId, timestamp: message.timestamp ?? Date.now(), type: message.image ? types.Message.Image : types.Message.Text, text: message.image ? undefined : message.text }
      const payload = message.roomId ? { ...base, roomId: message.roomId, mentionIdList: message.mentions ?? [] } : { ...base, listenerId: message.to! }
      this.mocker.MessageMock.create(payload as never)
    }
    this.mocker.puppet.emit('message', { messageId: id })
    return id
  }

  /** Refuses every send from now on with `reason` ("发送消息过于频繁"), or accepts them again with null. */
  refuseSends(reason: string | null): void {
    this.puppet.refusal = reason
  }

  /** How many sends were refused so far. */
  get refusedSends(): number {
    return this.puppet.refused
  }

  /** The puppet service goes away (a crash, a network cut) until restartService(). */
  async stopService(): Promise<void> {
    await this.server.stop()
  }

  /** The puppet service is back at the same address, with the same account and chats. */
  async restartService(): Promise<void> {
    this.server = new PuppetServer({ endpoint: this.endpoint, token: this.token, puppet: this.puppet })
    await this.server.start()
  }

  /** Raises an error event on the connection, as a failing puppet does. */
  emitError(message: string): void {
    this.puppet.emit('error', { data: message })
  }

  onLine(listener: (line: ChatLine) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat)
    await this.server.stop()
  }

  private record(message: mock.MessageMock, room: mock.RoomMock | null): void {
    const talker = message.talker()
    const listener = message.listener()
    const line: ChatLine = {
      where: room ? room.payload.topic : (listener?.payload.name ?? ''),
      roomId: room?.id ?? null,
      fromId: talker.id,
      from: talker.payload.name,
      text: message.text() ?? '',
      toId: listener?.id ?? null,
      at: Date.now(),
      file: this.puppet.sending,
    }
    this.transcript.push(line)
    for (const l of this.listeners) l(line)
  }
}
