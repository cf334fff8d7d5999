import { z } from 'zod'
import { databaseUrl } from './database-url.js'

const envSchema = z.object({
  COMMUNITY_CONFIG: z.string().optional(),
  /** A street (街道) file naming many communities, each with its own account: one process serves them all (PostgreSQL). */
  STREET_CONFIG: z.string().optional(),
  /** A street's process: how many communities' connections it holds at most; the others are left to other processes. */
  STREET_MAX_COMMUNITIES: z.coerce.number().int().positive().default(50),
  DATABASE_URL: z.string().optional(),
  WECHATY_PUPPET: z.string().optional(),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
  WECHATY_PUPPET_SERVICE_ENDPOINT: z.string().optional(),
  /** The service's discovery authority when it gives one (e.g. a WeCom provider's own), instead of api.chatie.io. */
  WECHATY_PUPPET_SERVICE_AUTHORITY: z.string().optional(),
  /** "true" when the provider's service speaks gRPC without TLS (some WeCom providers' local gateways). */
  WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: z.enum(['true', 'false']).optional(),
  /** The TLS server name when the token carries none. */
  WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME: z.string().optional(),
  WECHATY_NAME: z.string().default('hongguanjia'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().optional(),
  OPENAI_MODEL: z.string().optional(),
  /** json_schema (structured outputs), json_object (JSON mode) or auto: json_schema on api.openai.com only. */
  OPENAI_RESPONSE_FORMAT: z.enum(['auto', 'json_schema', 'json_object']).default('auto'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  LLM_CALLS_PER_RESIDENT: z.coerce.number().int().nonnegative().default(20),
  LLM_CALLS_PER_DAY: z.coerce.number().int().nonnegative().default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  LOG_FILE: z.string().optional(),
  /** A font file with Chinese glyphs for chart images; by default a common system CJK font. */
  CHART_FONT: z.string().optional(),
  SIM_PORT: z.coerce.number().int().positive().optional(),
  /** The station's retrained model (npm run train -- --with-station-data); the shipped one when absent. */
  MODEL_DIR: z.string().default('data/model'),
  /** Alerts for the operator (logged out, removed from a group, "频繁") are also POSTed here: a WeCom or DingTalk group robot. */
  ALERT_WEBHOOK_URL: z.url().optional(),
  /** standby: a second WeChat account in the same groups, on the same database: it listens, and takes over when the main account fails. */
  BOT_ROLE: z.enum(['main', 'standby']).default('main'),
  /** How long the active account may stay logged out or removed from a served group before a standby account takes over. */
  STANDBY_GRACE_SECONDS: z.coerce.number().int().nonnegative().default(120),
  /** A standby takes over when group messages reach only it this long (three of them at least). */
  STANDBY_DEAF_SECONDS: z.coerce.number().int().positive().default(300),
  /** The dashboard's port on DASHBOARD_HOST, or "off". */
  DASHBOARD_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(8080),
  /** Where the dashboard listens: 127.0.0.1 by default; behind a reverse proxy, the proxy's side. */
  DASHBOARD_HOST: z.string().default('127.0.0.1'),
  /** The address people open the dashboard at (a reverse proxy's https://…), which 看板 links start with; http://HOST:PORT by default. */
  DASHBOARD_URL: z.url().optional(),
})

export type Env = z.infer<typeof envSchema> & { databaseUrl: string }

/** The one place that reads process.env. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.parse(source)
  return { ...parsed, databaseUrl: databaseUrl(source) }
}

/** True when the environment names a real puppet service to connect to. */
export function hasPuppetService(env: Env): boolean {
  return Boolean(env.WECHATY_PUPPET_SERVICE_TOKEN)
}
