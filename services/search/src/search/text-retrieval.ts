import type { Meme } from '../corpus/meme.js';
import { CharNgramIndex } from '../lexical/char-ngram.index.js';
import { LexicalIndex } from '../lexical/lexical.index.js';
import { QuerySpeller } from '../spell/query-speller.js';
import type { LexicalKind, LexicalSearch, Speller } from './retriever.js';

/** The lexical scorers of hybrid retrieval for a corpus (built in memory, well under a second each). */
export function buildLexicalSearch(memes: readonly Meme[], kinds: Iterable<LexicalKind>): Partial<Record<LexicalKind, LexicalSearch>> {
  const out: Partial<Record<LexicalKind, LexicalSearch>> = {};
  for (const kind of new Set(kinds)) out[kind] = kind === 'char' ? CharNgramIndex.build(memes) : LexicalIndex.build(memes);
  return out;
}

/** Spell correction against the corpus's words and the Russian dictionary (seconds, once per process for the dictionary). */
export function buildSpeller(memes: readonly Meme[]): Promise<Speller> {
  return QuerySpeller.forMemes(memes);
}
