import type { HandlerContext, Reply } from '../context.js'
import { replyHere } from '../context.js'
import type { ParsedCommand } from '../commands/parse-command.js'
import { buildingText } from '../cases/case-texts.js'

const ROLE_WORDS: Record<string, string> = {
  volunteer: '志愿者', building_head: '楼栋长', grid_worker: '网格员', property: '物业', secretary: '书记/站长', admin: '管理员',
}

/** Roles as people read them: 楼栋长、物业. */
export const roleWords = (roles: string): string => roles.split(',').filter(Boolean).map((r) => ROLE_WORDS[r] ?? r).join('、')

/** 绑定 CODE, in a private chat: binds a one-time invite code's roles to the sender's WeChat id. */
export async function bindMember({ msg, db, clock, community, ports }: HandlerContext, cmd: ParsedCommand): Promise<Reply[]> {
  if (msg.group) return [replyHere(msg, '为了安全，请私聊我发送「绑定 邀请码」。')]
  const code = cmd.text.replace(/\s+/g, '').toUpperCase()
  if (!code) return [replyHere(msg, '请在「绑定」后面写上邀请码，例如：绑定 7KQ2MX')]
  const invite = await db.inviteCode.findUnique({ where: { code } })
  if (!invite || invite.communityId !== community.id || invite.usedAt) {
    return [replyHere(msg, '邀请码无效或已经用过了，请向站长重新索取。')]
  }
  const now = clock.now()
  if (now.getTime() - invite.createdAt.getTime() > community.config.inviteDays * 86_400_000) {
    return [replyHere(msg, `邀请码已过期（生成后 ${community.config.inviteDays} 天内有效），请向站长重新索取。`)]
  }
  const claimed = await db.inviteCode.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now, usedBy: msg.sender.id } })
  if (claimed.count === 0) return [replyHere(msg, '邀请码无效或已经用过了，请向站长重新索取。')]
  const existing = await db.member.findUnique({ where: { communityId_contactId: { communityId: community.id, contactId: msg.sender.id } } })
  const roles = new Set([...(existing?.roles.split(',').filter(Boolean) ?? []), ...invite.roles.split(',')])
  const buildings = new Set([...(existing?.buildings.split(',').filter(Boolean) ?? []), ...invite.buildings.split(',').filter(Boolean)])
  await db.member.upsert({
    where: { communityId_contactId: { communityId: community.id, contactId: msg.sender.id } },
    create: { communityId: community.id, contactId: msg.sender.id, name: invite.name, roles: [...roles].join(','), buildings: [...buildings].join(','), source: 'invite' },
    update: { roles: [...roles].join(','), buildings: [...buildings].join(','), name: invite.name },
  })
  ports.forgetMember(msg.sender.id)
  await db.auditLog.create({ data: { communityId: community.id, actor: `${msg.sender.name}(${msg.sender.id})`, action: 'role-bound', detail: `邀请码 ${code}：${invite.name}，${invite.roles}`, at: now } })
  const where = buildings.size ? `，负责 ${[...buildings].map(buildingText).join('、')}` : ''
  return [replyHere(msg, `绑定成功！${invite.name}，您现在的身份是：${roleWords(invite.roles)}${where}。`)]
}
