import { z } from 'zod'
import type { AnswerFormat, Llm } from '../../handlers/parse/refine-with-model.js'
import type { CommunityConfig } from '../../handlers/community/config-schema.js'
import type { ModelAccess } from '../../handlers/context.js'
import { DailyLlmBudget } from '../../handlers/parse/llm-budget.js'
import type { Env } from '../config/env.js'
import type { Logger } from '../logger.js'
import { loadPrompts } from './prompts.js'

// Keywords strict structured outputs reject; the zod schema still checks them on the reply.
const UNSUPPORTED_KEYWORDS = new Set(['$schema', 'minLength', 'maxLength', 'pattern', 'format'])

function strictJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strictJsonSchema)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !UNSUPPORTED_KEYWORDS.has(key)).map(([key, v]) => [key, strictJsonSchema(v)]),
  )
}

/** Whether to ask for json_schema (structured outputs) or plain JSON mode. */
export function usesJsonSchema(env: Env): boolean {
  if (env.OPENAI_RESPONSE_FORMAT !== 'auto') return env.OPENAI_RESPONSE_FORMAT === 'json_schema'
  return !env.OPENAI_BASE_URL || /(^|\/\/)api\.openai\.com\b/.test(env.OPENAI_BASE_URL)
}

function responseFormat(format: AnswerFormat | undefined, schemaMode: boolean) {
  if (!format || !schemaMode) return { type: 'json_object' as const }
  const schema = strictJsonSchema(z.toJSONSchema(format.schema)) as Record<string, unknown>
  return { type: 'json_schema' as const, json_schema: { name: format.name, strict: true, schema } }
}

/**
 * An OpenAI-compatible chat model (OpenAI, DeepSeek, Qwen in DashScope compatible mode,
 * a local server) from OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL; null when not configured.
 * The OpenAI SDK is loaded only then.
 */
export async function createLlm(env: Env): Promise<Llm | null> {
  if (!env.OPENAI_API_KEY) return null
  const { default: OpenAI } = await import('openai')
  const client = new OpenAI({
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL || undefined,
    timeout: env.OPENAI_TIMEOUT_MS,
    maxRetries: 1,
  })
  const model = env.OPENAI_MODEL ?? 'gpt-4o-mini'
  const schemaMode = usesJsonSchema(env)
  return {
    async completeJson(system, user, format) {
      const response = await client.chat.completions.create({
        model,
        temperature: 0,
        max_tokens: 300,
        response_format: responseFormat(format, schemaMode),
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      })
      return response.choices[0]?.message?.content ?? ''
    },
  }
}

/** The model with its daily budget and prompts, when one is configured; undefined otherwise. */
export async function createModelAccess(env: Env, config: CommunityConfig, log: Logger): Promise<ModelAccess | undefined> {
  const llm = await createLlm(env)
  if (!llm) return undefined
  const onError = (error: unknown) => log.warn({ err: String(error).slice(0, 200) }, 'model call failed; the rule result stands')
  return { llm, budget: new DailyLlmBudget(env.LLM_CALLS_PER_RESIDENT, env.LLM_CALLS_PER_DAY, config.timezone), prompts: loadPrompts(), publicNumbers: config.publicNumbers, onError }
}
