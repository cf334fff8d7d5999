import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { validate as isValidCron } from 'node-cron'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

export const ROLES = ['resident', 'volunteer', 'building_head', 'grid_worker', 'property', 'secretary', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const GROUP_KINDS = ['building', 'station', 'volunteers', 'staff'] as const
export type GroupKind = (typeof GROUP_KINDS)[number]

export const PARTIES = ['物业', '社区', '业委会', '志愿者'] as const
export type Party = (typeof PARTIES)[number]

const cronSchema = z.string().refine((expr) => isValidCron(expr), { message: 'not a valid cron expression' })

const isTimezone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

const groupSchema = z.object({
  topic: z.string().min(1),
  kind: z.enum(GROUP_KINDS),
  building: z.coerce.string().optional(),
})

const memberSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  buildings: z.array(z.coerce.string()).default([]),
})

const sendingSchema = z.object({
  minGapSeconds: z.number().min(0).default(3),
  jitterSeconds: z.tuple([z.number().min(0), z.number().min(0)]).default([1, 4]),
  perGroupGapSeconds: z.number().min(0).default(10),
  perMinute: z.number().int().positive().default(10),
  perHour: z.number().int().positive().default(120),
  dailyCap: z.number().int().positive().default(300),
})

export const communityConfigSchema = z.object({
  community: z.string().min(1),
  timezone: z.string().refine(isTimezone, { message: 'not a known IANA timezone' }).default('Asia/Shanghai'),
  botName: z.string().min(1).default('红管家'),
  groups: z.array(groupSchema).default([]),
  members: z.array(memberSchema).default([]),
  schedules: z
    .object({
      dailySummary: cronSchema.default('0 20 * * *'),
      redSaturdayReminder: cronSchema.default('0 18 * * 5'),
    })
    .prefault({}),
  sending: sendingSchema.prefault({}),
  routing: z.record(z.string(), z.enum(PARTIES)).default({}),
})

export type CommunityConfig = z.infer<typeof communityConfigSchema>
export type SendingConfig = CommunityConfig['sending']
export type MemberConfig = CommunityConfig['members'][number]

/** A config file that cannot be used, with one line per wrong key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`配置文件 ${file} 有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const keyPath = (segments: PropertyKey[]): string =>
  segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${String(s)}`)).join('') || '(文件本身)'

export function parseCommunityConfig(text: string, file: string): CommunityConfig {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (error) {
    throw new ConfigError(file, [`不是合法的 YAML：${(error as Error).message}`])
  }
  const result = communityConfigSchema.safeParse(raw ?? {})
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((issue) => `${keyPath(issue.path)}: ${issue.message}`),
    )
  }
  return result.data
}

export const EXAMPLE_CONFIG_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'community.example.yaml')

/** Reads the community file named by COMMUNITY_CONFIG, or the shipped example. */
export function loadCommunityConfig(file: string | undefined): CommunityConfig {
  const chosen = file || EXAMPLE_CONFIG_PATH
  let text: string
  try {
    text = readFileSync(chosen, 'utf8')
  } catch (error) {
    throw new ConfigError(chosen, [`读不到文件：${(error as NodeJS.ErrnoException).code ?? String(error)}`])
  }
  return parseCommunityConfig(text, chosen)
}
