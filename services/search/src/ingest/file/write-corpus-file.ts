import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Meme } from '../../corpus/meme.js';
import { UserError } from '../../errors.js';

/** One meme per line, as loadJsonlCorpus reads it (fields in the schema's order, the order parse gives). */
export function corpusJsonl(memes: readonly Meme[]): string {
  return memes.map((m) => JSON.stringify(m)).join('\n') + '\n';
}

/**
 * Writes next to the target and renames over it: a reader (a running `search`, an index build)
 * sees the old file or the new one, never half of one, and a failed write leaves the old in place.
 */
export async function writeCorpusFile(path: string, memes: readonly Meme[]): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const file = await open(tmp, 'wx');
    try {
      await file.writeFile(corpusJsonl(memes), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new UserError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
