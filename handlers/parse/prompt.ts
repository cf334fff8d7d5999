import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../../bot/config/project-root.js'

export interface Prompt {
  id: string
  version: string
  text: string
}

/** Reads prompts/<name>.txt: `id:` and `version:` lines, a `---` line, then the prompt. */
export function loadPrompt(name: string): Prompt {
  const raw = readFileSync(path.join(PROJECT_ROOT, 'prompts', `${name}.txt`), 'utf8')
  const [head = '', ...body] = raw.split(/^---$/m)
  const field = (key: string) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(head)?.[1]?.trim()
  const id = field('id')
  const version = field('version')
  if (!id || !version) throw new Error(`prompt ${name} needs id and version lines`)
  return { id, version, text: body.join('---').trim() }
}
