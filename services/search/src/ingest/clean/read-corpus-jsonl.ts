import { FileFormatError } from '../../errors.js';
import { MemeSchema, type Meme } from '../../corpus/meme.js';
import { readUtf8 } from '../../corpus/read-utf8.js';

/**
 * A corpus JSONL as written, for cleaning: unlike loadJsonlCorpus it keeps line breaks (the
 * furniture rules read lines) and accepts repeated ids (cleaning re-suffixes them). Any invalid
 * line is an error naming its row: this is a corpus file, `ingest file` is for lenient imports.
 */
export async function readCorpusJsonl(path: string): Promise<Meme[]> {
  const text = await readUtf8(path);
  const memes: Meme[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new FileFormatError(path, i + 1, `not valid JSON (${(err as Error).message})`);
    }
    const parsed = MemeSchema.safeParse(value);
    if (!parsed.success) {
      throw new FileFormatError(path, i + 1, parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; '));
    }
    memes.push(parsed.data);
  });
  if (memes.length === 0) throw new FileFormatError(path, undefined, 'no memes in the file');
  return memes;
}
