import { Harness } from './harness.js'

/** The link in the bot's private answer to 看板. */
export const secretIn = (text: string): string => /\/login\/([\w-]+)/.exec(text)![1]!

/** The dashboard of a running bot as a browser without JavaScript sees it: log in with a 看板 link, fetch pages. */
export function dashboardClient(h: Harness) {
  const base = () => h.app.dashboard!.url
  const login = async (secret: string) => {
    const response = await fetch(`${base()}/login`, { method: 'POST', body: new URLSearchParams({ secret }), redirect: 'manual' })
    const cookie = /hg_dashboard=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1]
    return { status: response.status, cookie }
  }
  const linkFor = async (name: string) => secretIn(await h.ask(name, null, '看板'))
  const get = (path: string, cookie?: string) => fetch(`${base()}${path}`, { headers: cookie ? { cookie: `hg_dashboard=${cookie}` } : {}, redirect: 'manual' })
  /** Logs `name` in with the link the bot sends them; the session's cookie. */
  const cookieOf = async (name: string) => (await login(await linkFor(name))).cookie!
  return { base, login, linkFor, get, cookieOf }
}

/** A bot with two cases: #1 the property's in 3栋, #2 the community's in 12号楼. */
export async function startWithTwoCases(): Promise<Harness> {
  const h = await Harness.start()
  await h.ask('盛阿姨', '3栋业主群', '3栋2单元楼道灯不亮好几天了，麻烦物业看一下')
  await h.ask('陈小美', '12号楼邻里群', '12号楼楼上邻居天天半夜搬东西吵得睡不着，麻烦社区协调一下')
  await h.ask('彭书记', null, '转派 #2 社区')
  return h
}
