export interface Prompt {
  id: string
  version: string
  text: string
}

/** The prompts the model is asked with, each a file under prompts/ read by the bot at start-up. */
export interface ModelPrompts {
  /** Reads one resident's message (refine-with-model.ts). */
  parse: Prompt
  /** Writes the paragraph at the top of a summary (narrate.ts). */
  narrative: Prompt
  /** Reads a group message with the conversation before it (read-thread-with-model.ts). */
  thread: Prompt
}

/** A prompt file's text: `id:` and `version:` lines, a `---` line, then the prompt. */
export function parsePrompt(name: string, raw: string): Prompt {
  const [head = '', ...body] = raw.split(/^---$/m)
  const field = (key: string) => new RegExp(`^${key}:\\s*(.+)$`, 'm').exec(head)?.[1]?.trim()
  const id = field('id')
  const version = field('version')
  if (!id || !version) throw new Error(`prompt ${name} needs id and version lines`)
  return { id, version, text: body.join('---').trim() }
}
