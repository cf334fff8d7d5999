import OpenAI from 'openai'
import type { Llm } from '../handlers/parse/refine-with-model.js'
import type { Env } from './env.js'

/**
 * An OpenAI-compatible chat model (OpenAI, DeepSeek, Qwen in DashScope compatible mode,
 * a local server) from OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL; null when not configured.
 */
export function createLlm(env: Env): Llm | null {
  if (!env.OPENAI_API_KEY) return null
  const client = new OpenAI({
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL || undefined,
    timeout: env.OPENAI_TIMEOUT_MS,
    maxRetries: 1,
  })
  const model = env.OPENAI_MODEL ?? 'gpt-4o-mini'
  return {
    async completeJson(system, user) {
      const response = await client.chat.completions.create({
        model,
        temperature: 0,
        max_tokens: 300,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      })
      return response.choices[0]?.message?.content ?? ''
    },
  }
}
