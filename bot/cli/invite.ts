import { randomInt } from 'node:crypto'
import { parseArgs } from 'node:util'
import { ROLES, type Role } from '../../handlers/community/vocabulary.js'
import { loadCommunityConfig } from '../config/community-config.js'
import { openDatabase, type Db } from '../db/client.js'
import { loadEnv } from '../config/env.js'
import { migrateDatabase } from '../db/migrate.js'

// Letters and digits that cannot be misread for one another when typed from a phone.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export async function createInvite(db: Db, communityId: number, roles: Role[], name: string, now: Date, buildings: string[] = []): Promise<string> {
  const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
  await db.inviteCode.create({ data: { communityId, code, name, roles: roles.join(','), buildings: buildings.join(','), createdAt: now } })
  await db.auditLog.create({ data: { communityId, actor: 'operator', action: 'invite-created', detail: `${name}：${roles.join(',')}${buildings.length ? `，楼栋 ${buildings.join(',')}` : ''}`, at: now } })
  return code
}

/** 3栋 / 12号楼 / A座 / 3 → the building as cases store it. */
const buildingOf = (text: string): string => text.trim().replace(/(号楼|栋|幢|座|楼)$/, '').toUpperCase()

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string', multiple: true }, name: { type: 'string' }, building: { type: 'string', multiple: true } } })
  const buildings = (values.building ?? []).flatMap((b) => b.split(',')).map(buildingOf).filter(Boolean)
  const roles = (values.role ?? []).flatMap((r) => r.split(','))
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r))
  if (!values.name || roles.length === 0 || bad.length) {
    console.error(`用法：npm run invite -- --role ROLE --name 姓名 [--building 3栋]（ROLE 为 ${ROLES.join(' / ')}）${bad.length ? `\n不认识的角色：${bad.join('、')}` : ''}`)
    process.exit(2)
  }
  const env = loadEnv()
  const config = loadCommunityConfig(env.COMMUNITY_CONFIG)
  await migrateDatabase(env.databaseUrl)
  const db = (await openDatabase(env.databaseUrl)).prisma
  const community = await db.community.upsert({ where: { name: config.community }, create: { name: config.community, timezone: config.timezone }, update: {} })
  const code = await createInvite(db, community.id, roles as Role[], values.name, new Date(), buildings)
  await db.$disconnect()
  console.log(`邀请码：${code}\n请 ${values.name} 私聊机器人发送「绑定 ${code}」。邀请码只能用一次，${config.inviteDays} 天内有效。`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error('生成邀请码失败：', error)
    process.exit(1)
  })
}
