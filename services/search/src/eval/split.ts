import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { passageText, type Corpus, type Meme } from '../corpus/meme.js';
import { FileFormatError, UserError } from '../errors.js';
import { normalizeLink } from './query-file.js';
import type { RawQueryRow } from './query-lint.js';

/**
 * Which part of the shared corpus a meme belongs to, fixed before anything was trained or chosen:
 * - `heldout` (20%, `data/heldout/memes.txt`): only for choosing; nothing trains or fits on it;
 * - `validation` (10% of the rest, by rule): fits the ranking's weights (lexical weight …) when the
 *   model measured on `heldout` was trained without it;
 * - `train`: the memes the selection models learn from.
 * The shipped model, once everything is chosen, learns from every meme.
 */
export type SplitPart = 'train' | 'validation' | 'heldout';

/** Share of the non-held-out memes used for fitting, and the seed that picks them. */
export const VALIDATION_SHARE = 0.1;
const VALIDATION_SEED = 'memesearch validation split v1';
/** How data/heldout/memes.txt was made (kept so the list can be checked, never to remake it). */
export const HELDOUT_SEED = 'memesearch held-out split v1';
export const HELDOUT_SHARE = 0.2;

function rank(seed: string, link: string): string {
  return createHash('sha256').update(`${seed}\n${link}`, 'utf8').digest('hex');
}

/** The `share` of links with the smallest sha256(seed, link): the same on every machine, whatever the order. */
export function pickByHash(links: readonly string[], seed: string, share: number): Set<string> {
  const sorted = [...links].sort((a, b) => {
    const ra = rank(seed, a);
    const rb = rank(seed, b);
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
  return new Set(sorted.slice(0, Math.ceil(share * links.length)));
}

/** Reads the committed held-out list: one memepedia link a line (`#` comments and blank lines ignored). */
export async function readHeldoutList(path: string): Promise<Set<string>> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`cannot read the held-out list ${path}: ${err.code ?? err.message}`);
  });
  const links = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const link = line.trim();
    if (!link || link.startsWith('#')) return;
    if (!/^https?:\/\//.test(link)) throw new FileFormatError(path, i + 1, `"${link}" is not a link`);
    links.add(normalizeLink(link));
  });
  return links;
}

/** The part of every meme of a corpus; memes without a link (not memepedia's) are training memes. */
export function assignSplit(memes: readonly Meme[], heldout: ReadonlySet<string>): Map<string, SplitPart> {
  const parts = new Map<string, SplitPart>();
  const rest: string[] = [];
  const idOfLink = new Map<string, string>();
  for (const m of memes) {
    const link = m.url ? normalizeLink(m.url) : undefined;
    if (link && heldout.has(link)) parts.set(m.id, 'heldout');
    else {
      parts.set(m.id, 'train');
      if (link) {
        rest.push(link);
        idOfLink.set(link, m.id);
      }
    }
  }
  for (const link of pickByHash(rest, VALIDATION_SEED, VALIDATION_SHARE)) parts.set(idOfLink.get(link)!, 'validation');
  return parts;
}

/** One (query, meme) pair for training or evaluation. */
export interface SplitRow {
  part: SplitPart;
  id: string;
  query: string;
  passage: string;
  /** `example` for the corpus's own synthetic query, else the team query's style. */
  style: string;
}

/**
 * Every labelled pair of the corpus with its part: each meme's `example` and the team's queries
 * (rows of data/train and data/heldout query files). A team query labelled with several memes gives
 * one pair per meme.
 */
export function splitRows(corpus: Corpus, parts: ReadonlyMap<string, SplitPart>, team: readonly RawQueryRow[]): SplitRow[] {
  const byLink = new Map(corpus.memes.flatMap((m) => (m.url ? [[normalizeLink(m.url), m] as const] : [])));
  const rows: SplitRow[] = [];
  for (const m of corpus.memes) {
    const example = corpus.examples.get(m.id);
    if (example) rows.push({ part: parts.get(m.id)!, id: m.id, query: example, passage: passageText(m), style: 'example' });
  }
  for (const q of team) {
    for (const link of q.relevant) {
      const m = byLink.get(normalizeLink(link));
      if (!m) throw new UserError(`team query row ${q.row}: link ${link} is not in corpus ${corpus.name}`);
      rows.push({ part: parts.get(m.id)!, id: m.id, query: q.query.trim(), passage: passageText(m), style: q.style });
    }
  }
  return rows;
}

/** TSV (part, id, style, query, passage) for the Python training pipeline; tabs/newlines inside cells become spaces. */
export function splitTsv(rows: readonly SplitRow[]): string {
  const cell = (s: string) => s.replace(/[\t\r\n]+/g, ' ');
  return (
    ['part\tid\tstyle\tquery\tpassage', ...rows.map((r) => [r.part, r.id, r.style, cell(r.query), cell(r.passage)].join('\t'))].join('\n') +
    '\n'
  );
}
