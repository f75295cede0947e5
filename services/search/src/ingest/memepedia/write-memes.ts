import type { Meme } from '../../corpus/meme.js';
import type { JsonlMemeFile } from './jsonl-meme-file.js';

/**
 * The crawl's last step: parsed memes into the output file. It is one function so that a cleaning
 * step can wrap it (`(file, memes) => writeMemes(file, memes.map(clean))`) and be passed to
 * crawlMemepedia as `writeMemes`. A meme the wrapper drops is recorded as skipped and not fetched
 * again.
 */
export type WriteMemes = (file: JsonlMemeFile, memes: readonly Meme[]) => Promise<void>;

export const writeMemes: WriteMemes = async (file, memes) => {
  for (const meme of memes) await file.put(meme);
};
