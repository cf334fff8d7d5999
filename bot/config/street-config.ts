import { readFileSync } from 'node:fs'
import path from 'node:path'
import { validate as isValidCron } from 'node-cron'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { streetPartSchema, type CommunityConfig, type StreetPart } from '../../handlers/community/config-schema.js'
import { ConfigError, loadCommunityConfig } from './community-config.js'

const streetFileSchema = streetPartSchema.omit({ name: true, communities: true, sendsReport: true }).extend({
  street: z.string().min(1),
  weeklyReport: z.string().refine((expr) => expr === 'off' || isValidCron(expr), { message: 'not a valid cron expression (or "off")' }).default('0 8 * * 1'),
  communities: z
    .array(
      z.object({
        /** The community's own file, as COMMUNITY_CONFIG names it for one community (relative to the street file). */
        config: z.string().min(1),
        /** The environment variable holding the token of the community's WeChat account. */
        tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: '环境变量名，例如 YANGGUANG_TOKEN' }),
        /** Optionally the variable holding its puppet-service endpoint (else WECHATY_PUPPET_SERVICE_ENDPOINT). */
        endpointEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
      }),
    )
    .min(1),
})

/** One community of a street: its config (with the street's part in it) and where its account's token is. */
export interface StreetCommunity {
  config: CommunityConfig
  tokenEnv: string
  endpointEnv?: string
}

export interface StreetConfig {
  street: StreetPart
  communities: StreetCommunity[]
}

/** The street's people become members of each of its communities with their street roles (a member there already keeps theirs too). */
function withStreet(config: CommunityConfig, street: StreetPart): CommunityConfig {
  const members = config.members.map((m) => {
    const own = street.members.find((s) => s.id === m.id)
    return own ? { ...m, roles: [...new Set([...m.roles, ...own.roles])] } : m
  })
  for (const s of street.members) {
    if (!members.some((m) => m.id === s.id)) members.push({ id: s.id, name: s.name, roles: [...s.roles], buildings: [] })
  }
  return { ...config, members, street }
}

/** Reads a street file (STREET_CONFIG) and every community file it names. */
export function loadStreetConfig(file: string): StreetConfig {
  let raw: unknown
  try {
    raw = parseYaml(readFileSync(file, 'utf8'))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ConfigError(file, [code ? `读不到文件：${code}` : `不是合法的 YAML：${(error as Error).message}`])
  }
  const result = streetFileSchema.safeParse(raw ?? {})
  if (!result.success) throw new ConfigError(file, result.error.issues.map((i) => `${i.path.join('.') || '(文件本身)'}: ${i.message}`))
  const { street: name, communities: listed, ...rest } = result.data
  const configs = listed.map((c) => loadCommunityConfig(path.resolve(path.dirname(file), c.config)))
  const names = configs.map((c) => c.community)
  const twice = names.find((n, i) => names.indexOf(n) !== i)
  if (twice) throw new ConfigError(file, [`communities: 社区「${twice}」写了两次`])
  const street = { ...rest, name, communities: names, sendsReport: false }
  return {
    street,
    communities: configs.map((config, i) => ({
      config: withStreet(config, { ...street, sendsReport: i === 0 }),
      tokenEnv: listed[i]!.tokenEnv,
      ...(listed[i]!.endpointEnv ? { endpointEnv: listed[i]!.endpointEnv } : {}),
    })),
  }
}
