import { pino, type Logger } from 'pino'
import type { Env } from './config/env.js'

export type { Logger }

/** One pino logger for the process; in the terminal chat it writes to a file so the chat stays readable. */
export function createLogger(env: Pick<Env, 'LOG_LEVEL' | 'LOG_FILE'>): Logger {
  const level = env.LOG_LEVEL ?? 'info'
  if (env.LOG_FILE) return pino({ level }, pino.destination({ dest: env.LOG_FILE, mkdir: true, sync: false }))
  return pino({ level }, pino.destination(2))
}
