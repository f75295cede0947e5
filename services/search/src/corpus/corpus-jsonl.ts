import type { Meme } from './meme.js';

/** One meme per line, as loadJsonlCorpus reads it (fields in the schema's order, the order parse gives). */
export function corpusJsonl(memes: readonly Meme[]): string {
  return memes.map((m) => JSON.stringify(m)).join('\n') + '\n';
}
