import { buildingText } from '../../handlers/cases/case-texts.js'
import { createInterface } from 'node:readline'
import type { Demo } from './demo-community.js'
import type { ChatLine, LocalWeChat } from './local-wechat.js'

export const REPL_HELP = `在终端里扮演任何人说话：
  盛阿姨@3栋业主群: 3栋2单元楼道灯不亮了     某人在某个群里说话
  彭书记: 今日汇总                          某人私聊机器人
  我也是 #1                                 沿用上一次的说话人和群
  /people   列出可以扮演的人，和他们的角色、楼栋
  /groups   列出群（包括机器人不服务的群）
  /help     显示本说明
  /quit     退出`

interface Target {
  personId: string
  roomId: string | null
}

function findByName<T extends { name?: string; topic?: string }>(list: T[], word: string): T | undefined {
  const key = (item: T) => item.name ?? item.topic ?? ''
  return list.find((i) => key(i) === word) ?? list.find((i) => key(i).startsWith(word))
}

const ROLE_WORDS: Record<string, string> = {
  resident: '居民', volunteer: '志愿者', building_head: '楼栋长', grid_worker: '网格员', property: '物业', secretary: '书记', admin: '管理员',
}

/** 赵楼长：楼栋长、志愿者，3栋 — who one speaks as, and what they may do. */
const personLine = (p: Demo['people'][number]): string =>
  `${p.name}：${p.roles.map((r) => ROLE_WORDS[r] ?? r).join('、') || '居民'}${p.buildings.length ? `，${p.buildings.map(buildingText).join('、')}` : ''}`

/** Reads "人@群: 话" lines from the terminal, says them in the local WeChat and prints the bot's answers. */
export function startRepl(wechat: LocalWeChat, demo: Demo, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  const print = (s: string) => output.write(`${s}\n`)
  wechat.onLine((line: ChatLine) => {
    if (line.fromId !== demo.botId) return
    const where = line.roomId ? line.where : `私聊 ${line.where}`
    const said = line.file ? `[图片 ${line.file.name}，${Math.round(line.file.data.length / 1024)} KB]` : line.text
    print(`\n[${where}] ${line.from}：${said.replace(/\n/g, '\n    ')}`)
  })
  print(REPL_HELP)
  let last: Target | null = null
  const rl = createInterface({ input: process.stdin, terminal: Boolean(process.stdin.isTTY) })
  rl.setPrompt('> ')
  rl.prompt()
  rl.on('line', (input) => {
    const line = input.trim()
    if (!line) return rl.prompt()
    if (line === '/quit') return rl.close()
    if (line === '/help') print(REPL_HELP)
    else if (line === '/people') print(demo.people.map(personLine).join('\n'))
    else if (line === '/groups') print(demo.groups.map((g) => g.topic).join('、'))
    else {
      const m = /^([^@:：\s]+)(?:@([^:：]+))?\s*[:：]\s*(.+)$/.exec(line)
      let target = last
      let text = line
      if (m) {
        const person = findByName(demo.people, m[1]!)
        const group = m[2] ? findByName(demo.groups, m[2].trim()) : undefined
        if (!person) print(`没有找到“${m[1]}”，发 /people 看看有谁。`)
        else if (m[2] && !group) print(`没有找到群“${m[2]}”，发 /groups 看看有哪些群。`)
        else {
          target = { personId: person.id, roomId: group?.roomId ?? null }
          text = m[3]!
        }
        if (!person || (m[2] && !group)) return rl.prompt()
      }
      if (!target) print('请先用「名字@群名: 内容」说一句话，例如：盛阿姨@3栋业主群: 楼道灯坏了')
      else {
        last = target
        wechat.say(target.personId, text, target.roomId ? { roomId: target.roomId } : { to: demo.botId })
      }
    }
    rl.prompt()
  })
  return new Promise((resolve) => rl.on('close', () => resolve()))
}
