import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parsePrompt, type ModelPrompts, type Prompt } from '../../handlers/parse/prompt.js'
import { PROJECT_ROOT } from '../config/project-root.js'

/** The prompt files in use; a new version is a new file, and the name here changes with it. */
const IN_USE = { parse: 'parse-message.v1', narrative: 'summary-narrative.v1', thread: 'read-in-thread.v1' } as const

const readPrompt = (dir: string, name: string): Prompt => parsePrompt(name, readFileSync(path.join(dir, `${name}.txt`), 'utf8'))

/** Reads the prompts the model is asked with from prompts/ (or another folder holding the same files). */
export function loadPrompts(dir = path.join(PROJECT_ROOT, 'prompts')): ModelPrompts {
  return { parse: readPrompt(dir, IN_USE.parse), narrative: readPrompt(dir, IN_USE.narrative), thread: readPrompt(dir, IN_USE.thread) }
}
