import { createServer, type Server } from 'node:http'

/** An alert webhook on 127.0.0.1 (as a WeCom or DingTalk group robot would be) that keeps what it is sent. */
export class WebhookInbox {
  readonly texts: string[] = []

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<WebhookInbox> {
    let inbox: WebhookInbox | undefined
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        inbox!.texts.push(JSON.parse(body).text.content)
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    inbox = new WebhookInbox(server, `http://127.0.0.1:${port}/robot/send`)
    return inbox
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve))
  }
}
