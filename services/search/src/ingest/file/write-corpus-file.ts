import type { Meme } from '../../corpus/meme.js';
import { corpusJsonl } from '../../corpus/corpus-jsonl.js';
import { UserError } from '../../errors.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** Atomically (util/atomic-write): a reader (a running `search`, an index build) sees the old file or the new one. */
export async function writeCorpusFile(path: string, memes: readonly Meme[]): Promise<void> {
  try {
    await writeFileAtomic(path, corpusJsonl(memes));
  } catch (err) {
    throw new UserError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
