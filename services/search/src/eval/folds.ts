import { createHash } from 'node:crypto';
import type { Corpus } from '../corpus/meme.js';
import { passageText } from '../corpus/meme.js';
import { UserError } from '../errors.js';
import type { LabelledQuery } from './query-file.js';

export const FOLD_COUNT = 5;
/** Changing the seed reshuffles every fold: fine-tuned fold models would then be tested on their training data. */
export const FOLD_SEED = 'memesearch-folds-v1';

/**
 * Splits memes (not queries) into k folds: memes are ordered by sha256(seed:id) and dealt round-robin,
 * so folds differ in size by at most one and a meme keeps its fold when others are added or removed
 * far from it in hash order. Ids are stable slugs, so the split is the same on every machine.
 */
export function assignFolds(ids: readonly string[], k = FOLD_COUNT, seed = FOLD_SEED): Map<string, number> {
  const keyed = ids.map((id) => ({ id, key: createHash('sha256').update(`${seed}:${id}`, 'utf8').digest('hex') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Map(keyed.map(({ id }, i) => [id, i % k]));
}

export interface FoldRow {
  fold: number;
  id: string;
  query: string;
  passage: string;
}

/** One row per meme that has an example query: what training and held-out evaluation both read. */
export function foldRows(corpus: Corpus, k = FOLD_COUNT): FoldRow[] {
  if (corpus.examples.size === 0)
    throw new UserError(
      `corpus ${corpus.path} has no example queries to split`,
      'use the memepedia TSV (its "example" column), e.g. --corpus ../shared/data/memepedia-irinba.tsv',
    );
  const folds = assignFolds(
    corpus.memes.map((m) => m.id),
    k,
  );
  return corpus.memes.flatMap((m) => {
    const query = corpus.examples.get(m.id);
    return query ? [{ fold: folds.get(m.id)!, id: m.id, query, passage: passageText(m) }] : [];
  });
}

/** The held-out queries of fold f: each meme's example, relevant to that meme only. */
export function heldOutQueries(rows: readonly FoldRow[], fold: number): LabelledQuery[] {
  return rows.flatMap((r, i) => (r.fold === fold ? [{ query: r.query, relevant: new Set([r.id]), row: i + 2 }] : []));
}

/** TSV (fold, id, query, passage) for the Python training pipeline; tabs/newlines inside cells become spaces. */
export function foldsTsv(rows: readonly FoldRow[]): string {
  const cell = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return (
    ['fold\tid\tquery\tpassage', ...rows.map((r) => [String(r.fold), r.id, cell(r.query), cell(r.passage)].join('\t'))].join('\n') + '\n'
  );
}
