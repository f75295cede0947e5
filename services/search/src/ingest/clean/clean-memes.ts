import { passageText, type Meme } from '../../corpus/meme.js';
import { emptyMeaningReason } from '../../corpus/text-clean.js';
import { cleanText } from './clean-text.js';
import { textKey, titleKey, urlKey } from './dedupe-keys.js';
import { mergeInto, richer } from './merge-memes.js';
import { editSimilarity, similarTitlePairs } from './title-similarity.js';
import { uniqueIds, type Renamed } from './unique-ids.js';

/** Passage embeddings, one per text, in order (the CLI passes the e5 encoder; tests a fake). */
export type EmbedFn = (texts: string[]) => Promise<Float32Array[]>;

export interface CleanOptions {
  /** Without it, near-duplicates must have the same title and nearly the same description. */
  embed?: EmbedFn;
  /** Cosine from which two memes with similar titles are one meme. */
  threshold?: number;
  /** Title edit similarity from which a pair is compared at all. */
  titleThreshold?: number;
  /** Without embeddings: description edit similarity from which two same-titled memes are one. */
  textThreshold?: number;
}

export const CLEAN_DEFAULTS = { threshold: 0.97, titleThreshold: 0.8, textThreshold: 0.9 } as const;

export type DropKind = 'empty' | 'duplicate url' | 'duplicate text' | 'near-duplicate';

export interface CleanDrop {
  id: string;
  title: string;
  kind: DropKind;
  reason: string;
  /** The twin that was kept (and took over this one's tags and missing fields). */
  keptId?: string;
}

export interface CleanResult {
  memes: Meme[];
  dropped: CleanDrop[];
  /** Ids that collided and were re-suffixed. */
  renamed: Renamed[];
  /** Kept memes whose title or description the text rules changed. */
  changed: number;
  /** Memes embedded to check near-duplicates (only those with a similar-titled partner). */
  embedded: number;
}

interface Edge {
  other: number;
  why: string;
  score: number;
}

/**
 * Cleans a corpus: text rules on every meme (markup, page furniture, quote style, whitespace), then
 * drops empty entries, exact duplicates (same page, or same title and description) and near-
 * duplicates (similar titles and, with `embed`, cosine ≥ threshold). Of two duplicates the richer is
 * kept and takes over the other's tags and missing fields. Every drop names the kept twin; ids are
 * made unique first, so those names stay right. Kept memes keep their input order.
 */
export async function cleanMemes(input: readonly Meme[], opts: CleanOptions = {}): Promise<CleanResult> {
  // `??`, not a spread: an option passed as undefined still means the default.
  const threshold = opts.threshold ?? CLEAN_DEFAULTS.threshold;
  const titleThreshold = opts.titleThreshold ?? CLEAN_DEFAULTS.titleThreshold;
  const textThreshold = opts.textThreshold ?? CLEAN_DEFAULTS.textThreshold;
  const { ids, renamed } = uniqueIds(input.map((m) => m.id));
  let changed = 0;
  const memes: Meme[] = input.map((m, i) => {
    const title = cleanText(m.title);
    const description = cleanText(m.description);
    if (title !== m.title || description !== m.description) changed++;
    const tags = [...new Set(m.tags.map(cleanText).filter(Boolean))];
    return { ...m, id: ids[i]!, title, description, tags };
  });

  const dropped: Array<CleanDrop & { index: number }> = [];
  const live: number[] = [];
  memes.forEach((m, index) => {
    const reason = !m.title ? 'title is empty after cleaning' : emptyMeaningReason(m.description);
    if (reason) dropped.push({ index, id: m.id, title: m.title, kind: 'empty', reason: `${reason} after cleaning` });
    else live.push(index);
  });

  const { edges, embedded } = await nearDuplicateEdges(memes, live, { embed: opts.embed, threshold, titleThreshold, textThreshold });

  // Richest first, so whoever a meme is compared with among the kept is at least as rich as it.
  const order = [...live].sort((a, b) => (richer(memes[a]!, memes[b]!) ? -1 : richer(memes[b]!, memes[a]!) ? 1 : a - b));
  const kept = new Set<number>();
  const keptByUrl = new Map<string, number>();
  const keptByText = new Map<string, number>();
  const remember = (i: number) => {
    const u = urlKey(memes[i]!.url);
    if (u && !keptByUrl.has(u)) keptByUrl.set(u, i);
    keptByText.set(`${textKey(memes[i]!.title)}\n${textKey(memes[i]!.description)}`, i);
  };
  for (const i of order) {
    const m = memes[i]!;
    const u = urlKey(m.url);
    const twinByUrl = u === undefined ? undefined : keptByUrl.get(u);
    const twinByText = keptByText.get(`${textKey(m.title)}\n${textKey(m.description)}`);
    const near = (edges.get(i) ?? []).filter((e) => kept.has(e.other)).sort((a, b) => b.score - a.score)[0];
    const [twin, kind, why] =
      twinByUrl !== undefined
        ? [twinByUrl, 'duplicate url' as const, `same page as "${memes[twinByUrl]!.id}" (${m.url})`]
        : twinByText !== undefined
          ? [twinByText, 'duplicate text' as const, `same title and description as "${memes[twinByText]!.id}"`]
          : near
            ? [near.other, 'near-duplicate' as const, `near-duplicate of "${memes[near.other]!.id}": ${near.why}`]
            : [undefined, undefined, undefined];
    if (twin === undefined || kind === undefined) {
      kept.add(i);
      remember(i);
      continue;
    }
    memes[twin] = mergeInto(memes[twin]!, m);
    remember(twin);
    dropped.push({ index: i, id: m.id, title: m.title, kind, reason: why, keptId: memes[twin]!.id });
  }

  return {
    memes: memes.filter((_, i) => kept.has(i)),
    dropped: dropped.sort((a, b) => a.index - b.index).map(({ index: _index, ...d }) => d),
    renamed,
    changed,
    embedded,
  };
}

/** Pairs that are one meme told twice: similar titles, then embeddings (or, without them, the text). */
async function nearDuplicateEdges(
  memes: readonly Meme[],
  live: readonly number[],
  opts: { embed?: EmbedFn; threshold: number; titleThreshold: number; textThreshold: number },
): Promise<{ edges: Map<number, Edge[]>; embedded: number }> {
  const keys = live.map((i) => titleKey(memes[i]!.title));
  const candidates = similarTitlePairs(keys, opts.titleThreshold).map(([a, b]) => [live[a]!, live[b]!] as const);
  const edges = new Map<number, Edge[]>();
  const link = (a: number, b: number, why: string, score: number) => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const list = edges.get(x) ?? [];
      list.push({ other: y, why, score });
      edges.set(x, list);
    }
  };
  if (candidates.length === 0) return { edges, embedded: 0 };

  if (!opts.embed) {
    // Without vectors a shared name proves nothing ("Кот" is many memes): the text must match too.
    for (const [a, b] of candidates) {
      if (titleKey(memes[a]!.title) !== titleKey(memes[b]!.title)) continue;
      const alike = editSimilarity(textKey(memes[a]!.description), textKey(memes[b]!.description));
      if (alike >= opts.textThreshold) link(a, b, `same title, descriptions ${(alike * 100).toFixed(0)}% alike`, alike);
    }
    return { edges, embedded: 0 };
  }

  const involved = [...new Set(candidates.flat())];
  const vectors = await opts.embed(involved.map((i) => passageText(memes[i]!)));
  if (vectors.length !== involved.length) throw new Error(`embed returned ${vectors.length} vectors for ${involved.length} texts`);
  const vectorOf = new Map(involved.map((i, k) => [i, vectors[k]!]));
  for (const [a, b] of candidates) {
    const cos = cosine(vectorOf.get(a)!, vectorOf.get(b)!);
    if (cos < opts.threshold) continue;
    link(a, b, `cosine ${cos.toFixed(3)} ≥ ${opts.threshold}, titles "${memes[a]!.title}" and "${memes[b]!.title}"`, cos);
  }
  return { edges, embedded: involved.length };
}

function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`embedding dimensions differ: ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
