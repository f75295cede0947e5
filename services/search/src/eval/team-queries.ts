import { join } from 'node:path';
import { HELDOUT_LIST_PATH, HELDOUT_QUERIES_PATH, TRAIN_QUERIES_PATH } from '../config/paths.js';
import type { Corpus } from '../corpus/meme.js';
import { UserError } from '../errors.js';
import { normalizeLink } from './query-file.js';
import { readRawQueryRows, type RawQueryRow } from './query-lint.js';
import { assignSplit, readHeldoutList, splitRows, type SplitPart, type SplitRow } from './split.js';

export interface SplitFiles {
  heldoutList: string;
  trainQueries: string;
  heldoutQueries: string;
}

export const DEFAULT_SPLIT_FILES: SplitFiles = {
  heldoutList: HELDOUT_LIST_PATH,
  trainQueries: TRAIN_QUERIES_PATH,
  heldoutQueries: HELDOUT_QUERIES_PATH,
};

/** The split files under a directory laid out like data/ (heldout/memes.txt, train/queries.tsv, heldout/queries.tsv). */
export function splitFiles(dir?: string): SplitFiles {
  if (!dir) return DEFAULT_SPLIT_FILES;
  return {
    heldoutList: join(dir, 'heldout', 'memes.txt'),
    trainQueries: join(dir, 'train', 'queries.tsv'),
    heldoutQueries: join(dir, 'heldout', 'queries.tsv'),
  };
}

export interface LoadedSplit {
  parts: Map<string, SplitPart>;
  /** The team's queries, training and held-out files together. */
  team: RawQueryRow[];
  rows: SplitRow[];
}

/**
 * The split of a memepedia corpus with the team's queries. A query in the training file that names
 * a held-out meme (or the reverse) is refused: the held-out memes' queries live in their own file so
 * that nothing trains on them by accident.
 */
export async function loadSplit(corpus: Corpus, files: SplitFiles = DEFAULT_SPLIT_FILES): Promise<LoadedSplit> {
  const parts = assignSplit(corpus.memes, await readHeldoutList(files.heldoutList));
  if (![...parts.values()].includes('heldout'))
    throw new UserError(
      `no meme of ${corpus.name} is in the held-out list ${files.heldoutList}`,
      'the split is over the shared memepedia corpus',
    );
  const partOfLink = new Map(corpus.memes.flatMap((m) => (m.url ? [[normalizeLink(m.url), parts.get(m.id)!] as const] : [])));
  const train = await readRawQueryRows(files.trainQueries);
  const heldout = await readRawQueryRows(files.heldoutQueries);
  const misplaced = (rows: RawQueryRow[], file: string, wantHeldout: boolean) => {
    for (const r of rows)
      for (const link of r.relevant) {
        const part = partOfLink.get(normalizeLink(link));
        if (part && (part === 'heldout') !== wantHeldout)
          throw new UserError(
            `${file}, row ${r.row}: ${link} is a ${part} meme; its queries belong in ${wantHeldout ? files.trainQueries : files.heldoutQueries}`,
          );
      }
  };
  misplaced(train, files.trainQueries, false);
  misplaced(heldout, files.heldoutQueries, true);
  const team = [...train, ...heldout];
  return { parts, team, rows: splitRows(corpus, parts, team) };
}
