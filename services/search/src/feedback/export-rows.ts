import type { Meme } from '../corpus/meme.js';
import type { LabelledRow } from './feedback-store.js';

/** TSV cells may not hold tabs or line breaks. */
const cell = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

/**
 * Labelled rows as files other tools read. TSV: one line per query with its liked or picked memes
 * as `relevant` (links joined by " | "; a meme without a link by its id), the header `eval`
 * expects. JSONL: every current label, dislikes included, for training.
 */
export function exportRows(rows: readonly LabelledRow[], memes: readonly Meme[], format: 'tsv' | 'jsonl'): string {
  const ref = new Map(memes.map((m) => [m.id, m.url ?? m.id]));
  if (format === 'jsonl') {
    return (
      rows.map((r) => JSON.stringify({ query: r.query, meme_id: r.memeId, link: ref.get(r.memeId) ?? null, label: r.label })).join('\n') +
      (rows.length ? '\n' : '')
    );
  }
  const relevant = new Map<string, Set<string>>();
  for (const r of rows) {
    const link = ref.get(r.memeId);
    if (!link || r.label === 'dislike') continue;
    const set = relevant.get(r.query) ?? new Set<string>();
    set.add(link);
    relevant.set(r.query, set);
  }
  const lines = [...relevant].map(([query, links]) => `${cell(query)}\t${[...links].join(' | ')}`);
  return ['query\trelevant', ...lines].join('\n') + '\n';
}
