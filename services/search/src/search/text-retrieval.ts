import type { Meme } from '../corpus/meme.js';
import { LexicalIndex } from '../lexical/lexical.index.js';
import { QuerySpeller } from '../spell/query-speller.js';
import type { LexicalSearch, Speller } from './retriever.js';

/** The lexical side of hybrid retrieval for a corpus (built in memory, well under a second). */
export function buildLexicalSearch(memes: readonly Meme[]): LexicalSearch {
  return LexicalIndex.build(memes);
}

/** Spell correction against the corpus's words and the Russian dictionary (seconds, once per process for the dictionary). */
export function buildSpeller(memes: readonly Meme[]): Promise<Speller> {
  return QuerySpeller.forMemes(memes);
}
