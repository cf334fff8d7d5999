import { randomUUID } from 'node:crypto'
import type { EventEmitter } from 'node:events'
import { createServer } from 'node:net'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { PuppetServer } from 'wechaty-puppet-service'

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

  override async messageSendFile(conversationId: string, file: Parameters<PuppetMock['messageSendFile']>[1]): Promise<void> {
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
    private readonly server: PuppetServer,
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
    if (!this.mocker.puppet.isLoggedIn) this.mocker.login(user)
  }

  /** A person says something in a group (or, with no room, to `to` privately). */
  say(personId: string, text: string, where: { roomId?: string; to?: string }): void {
    const person = this.mocker.ContactMock.load(personId)
    const target = where.roomId ? this.mocker.RoomMock.load(where.roomId) : this.mocker.ContactMock.load(where.to!)
    person.say(text).to(target)
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
