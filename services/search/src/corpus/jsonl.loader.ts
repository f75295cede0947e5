import { basename } from 'node:path';
import { FileFormatError } from '../errors.js';
import { MemeSchema, type Corpus, type Meme } from './meme.js';
import { readUtf8 } from './read-utf8.js';
import { normalizeWhitespace } from './text-clean.js';

/** The project's own corpus format: one Meme JSON object per line; blank lines are skipped. */
export async function loadJsonlCorpus(path: string, name = basename(path).replace(/\.[^.]+$/, '')): Promise<Corpus> {
  const lines = (await readUtf8(path)).split('\n');
  const memes: Meme[] = [];
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    const row = i + 1;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new FileFormatError(path, row, `not valid JSON (${(err as Error).message})`);
    }
    const parsed = MemeSchema.safeParse(value);
    if (!parsed.success) {
      const what = parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; ');
      throw new FileFormatError(path, row, what);
    }
    const meme = {
      ...parsed.data,
      title: normalizeWhitespace(parsed.data.title),
      description: normalizeWhitespace(parsed.data.description),
    };
    const first = seen.get(meme.id);
    if (first !== undefined) throw new FileFormatError(path, row, `duplicate id "${meme.id}" (first on row ${first})`);
    seen.set(meme.id, row);
    memes.push(meme);
  });
  if (memes.length === 0) throw new FileFormatError(path, undefined, 'no memes in the file');
  return { name, path, memes, examples: new Map(), dropped: [] };
}
