import { readFileSync } from 'node:fs'
import path from 'node:path'
import { validate as isValidCron } from 'node-cron'
import { parse as parseYaml } from 'yaml'
import { communityConfigSchema, type CommunityConfig } from '../../handlers/community/config-schema.js'
import { PROJECT_ROOT } from './project-root.js'

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
  const withCalendar = calendarFileRead(raw, file)
  if (withCalendar instanceof ConfigError) throw withCalendar
  const result = communityConfigSchema(isValidCron).safeParse(withCalendar ?? {})
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((issue) => `${keyPath(issue.path)}: ${issue.message}`),
    )
  }
  return result.data
}

/** `calendar: 节假日.yaml` names a file beside the config: its holidays and workdays take the key's place. */
function calendarFileRead(raw: unknown, file: string): unknown {
  if (typeof raw !== 'object' || raw === null || typeof (raw as { calendar?: unknown }).calendar !== 'string') return raw
  const named = path.resolve(path.dirname(file), (raw as { calendar: string }).calendar)
  try {
    return { ...raw, calendar: parseYaml(readFileSync(named, 'utf8')) ?? {} }
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ? `读不到文件 ${named}：${(error as NodeJS.ErrnoException).code}` : `${named} 不是合法的 YAML：${(error as Error).message}`
    return new ConfigError(file, [`calendar: ${why}`])
  }
}

export const EXAMPLE_CONFIG_PATH = path.join(PROJECT_ROOT, 'bot', 'config', 'community.example.yaml')

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
