import { extname } from 'node:path';
import { BUILTIN_CORPUS_PATH } from '../config/paths.js';
import { UserError } from '../errors.js';
import { sha256Text } from '../util/sha256.js';
import { loadJsonlCorpus } from './jsonl.loader.js';
import type { Corpus, Meme } from './meme.js';
import { loadMemepediaTsv } from './memepedia-tsv.loader.js';

/** Loads a corpus by file type; with no path, the built-in demo corpus shipped in data/builtin. */
export async function loadCorpus(path?: string): Promise<Corpus> {
  if (!path) return loadJsonlCorpus(BUILTIN_CORPUS_PATH, 'builtin');
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return loadJsonlCorpus(path);
  if (ext === '.tsv' || ext === '.csv' || ext === '.txt') return loadMemepediaTsv(path);
  throw new UserError(`don't know how to read ${path}`, 'a corpus is a .jsonl file of memes (see data/README.md) or a memepedia .tsv');
}

/** Identifies the corpus content: same memes → same hash → the index can be reused. */
export function corpusHash(memes: readonly Meme[]): string {
  return sha256Text(JSON.stringify(memes.map((m) => [m.id, m.title, m.description, m.url, m.imageUrl, m.tags, m.date, m.source])));
}
