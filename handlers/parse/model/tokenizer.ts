import { Jieba } from '@node-rs/jieba'

export interface Tokenizer {
  /** The words of a (normalised) text, as the word-segmentation dictionary cuts it. */
  cut(text: string): string[]
}

/** A word cutter over a jieba dictionary ("word frequency" per line). */
export function createTokenizer(dictionary: Uint8Array): Tokenizer {
  const jieba = Jieba.withDict(dictionary)
  return { cut: (text) => jieba.cut(text, false) }
}
