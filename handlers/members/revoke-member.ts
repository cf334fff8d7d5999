import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { endDashboardAccess } from '../dashboard/dashboard-commands.js'
import { roleWords } from './bind-member.js'

const USAGE = '请写明撤销谁的身份，例如：撤销 钱楼长（写绑定时的名字，或他的微信号）'

/**
 * 撤销 名字 (secretaries): takes away the roles someone was given by invite code. Their dashboard
 * sessions end at once and their next message reads them as a resident. Roles from the community
 * file are taken away by removing the person from the file.
 */
export async function revokeMember({ msg, db, clock, community, ports }: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  const who = cmd.text.replace(/^@/, '').trim()
  if (!who) return [replyHere(msg, USAGE)]
  const found = await db.member.findMany({ where: { communityId: community.id, OR: [{ contactId: who }, { name: who }] } })
  if (found.length === 0) return [replyHere(msg, `没有找到「${who}」：请写绑定时的名字或微信号。`)]
  if (found.length > 1) return [replyHere(msg, `有 ${found.length} 位叫「${who}」的人，请改写他的微信号：${found.map((m) => m.contactId).join('、')}`)]
  const member = found[0]!
  if (member.source === 'config') return [replyHere(msg, `${member.name}的身份写在社区配置文件里：请运营者从配置文件的 members 里删去，重启后生效。`)]
  const now = clock.now()
  await db.member.delete({ where: { id: member.id } })
  const sessions = await endDashboardAccess(db, community.id, member.contactId, now)
  ports.forgetMember(member.contactId)
  await db.auditLog.create({ data: { communityId: community.id, actor: `${msg.sender.name}(${msg.sender.id})`, action: 'role-revoked', detail: `${member.name}(${member.contactId})：${member.roles}`, at: now } })
  const ended = sessions ? `，他的 ${sessions} 个看板登录已失效` : ''
  return [replyHere(msg, `已撤销${member.name}的身份（${roleWords(member.roles)}）${ended}。`)]
}
