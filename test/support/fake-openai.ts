import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

export type FakeMode = 'answer' | 'garbage' | 'blank' | 'truncated' | 'hang' | 'status429' | 'status500' | 'oversized'

export interface SeenRequest {
  model: string
  system: string
  user: string
  responseFormat: unknown
}

/**
 * A local server speaking the OpenAI chat-completions protocol, for the one service that
 * cannot be reached from here. It answers with `content`, or misbehaves as `mode` says.
 */
export class FakeOpenAI {
  mode: FakeMode = 'answer'
  content = '{"isRequest": false}'
  readonly seen: SeenRequest[] = []
  private readonly hanging = new Set<ServerResponse>()

  private constructor(private readonly server: Server, readonly baseURL: string) {}

  static async start(): Promise<FakeOpenAI> {
    let fake!: FakeOpenAI
    const server = createServer((req, res) => void fake.handle(req, res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    fake = new FakeOpenAI(server, `http://127.0.0.1:${port}/v1`)
    return fake
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = ''
    for await (const chunk of req) body += chunk
    const request = JSON.parse(body || '{}') as { model: string; messages: Array<{ role: string; content: string }>; response_format?: unknown }
    this.seen.push({
      model: request.model,
      system: request.messages.find((m) => m.role === 'system')?.content ?? '',
      user: request.messages.find((m) => m.role === 'user')?.content ?? '',
      responseFormat: request.response_format,
    })
    if (this.mode === 'hang') {
      this.hanging.add(res)
      return
    }
    if (this.mode === 'status429' || this.mode === 'status500') {
      res.writeHead(this.mode === 'status429' ? 429 : 500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: 'try later', type: 'server_error' } }))
      return
    }
    const content = {
      answer: this.content,
      garbage: '我觉得这是一个关于水管的问题，建议物业处理。',
      blank: '',
      truncated: this.content.slice(0, Math.floor(this.content.length / 2)),
      oversized: `{"isRequest": false, "note": "${'长'.repeat(5000)}"}`,
    }[this.mode]
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({
      id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model: request.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }))
  }
}
