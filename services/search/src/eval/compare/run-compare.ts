import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/env.js';
import { passageText, type Corpus } from '../../corpus/meme.js';
import { openEncoder } from '../../engine.js';
import { E5Encoder } from '../../encoder/e5-encoder.js';
import { FaissIndex } from '../../index/faiss.index.js';
import type { ModelSpec } from '../../model/manifest.js';
import { modelDir } from '../../model/model-cache.js';
import {
  Retriever,
  type ExpansionVectors,
  type LexicalSearch,
  type RetrievalParts,
  type RetrievalSettings,
  type Speller,
} from '../../search/retriever.js';
import { createProgress } from '../../util/progress.js';
import { fitExpansionOffset, fitLexicalWeight } from '../fit-fusion.js';
import { FOLD_COUNT, foldRows, type FoldRow } from '../folds.js';
import { computeMetrics, type Judged, type Metrics } from '../metrics.js';
import type { LabelledQuery } from '../query-file.js';
import type { CompareConfig, ModelChoice } from './compare-config.js';
import { VectorCache } from './vector-cache.js';

export const METRIC_KEYS = ['recall@1', 'recall@5', 'recall@10', 'mrr@10', 'ndcg@10'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export interface FoldSummary {
  mean: Record<MetricKey, number>;
  /** Sample standard deviation over the folds. */
  std: Record<MetricKey, number>;
  folds: Metrics[];
  n: number;
}

export interface CompareRow {
  config: CompareConfig;
  heldout?: FoldSummary;
  natural?: Metrics & { byStyle: Record<string, Metrics> };
  /** Why a query set has no numbers for this configuration (e.g. no fine-tuned model yet). */
  skipped: string[];
  /** Median time of one query end to end in this process: spell → embed → rank. */
  latencyP50Ms?: number;
}

export interface CompareResult {
  rows: CompareRow[];
  corpus: { name: string; memes: number };
  heldoutQueries: number;
  naturalQueries: number;
  /** Parameters fitted on training folds (per fold) and on all examples (for the natural set). */
  fitted: Fitted;
  seconds: number;
}

export interface FittedValue {
  folds: number[];
  natural: number | undefined;
}

export interface Fitted {
  /** Linear fusion's lexical weight. */
  lexicalWeight: FittedValue;
  /** Expansion vectors' cosine offset. */
  expansionOffset: FittedValue;
}

export interface NaturalSet {
  queries: LabelledQuery[];
  /** The query file's `style` column per query, if it has one. */
  styles: Array<string | undefined>;
}

export interface CompareOptions {
  config: Config;
  configs: CompareConfig[];
  corpus: Corpus;
  natural?: NaturalSet;
  /** Run the 5-fold held-out evaluation on the corpus's example queries. */
  folds: boolean;
  /** Where `npm run train` put the fine-tuned models: fold-<f>/ and all/. */
  tunedDir: string;
  latencyQueries: number;
  progress: boolean;
  buildLexical(corpus: Corpus): LexicalSearch;
  buildSpeller(corpus: Corpus): Promise<Speller>;
}

type Role = number | 'all';

interface ModelRef {
  key: string;
  spec: ModelSpec;
  dir: string;
  file: string;
}

interface ModelVectors {
  passages: Float32Array[];
  queries: Map<string, Float32Array>;
  dense: FaissIndex;
}

/**
 * `eval --compare`: every configuration on the held-out folds (split by meme; fitted parts see only
 * the training folds) and on the natural query set, plus one-query latency. Each model embeds each
 * text once (cached on disk); rankings are then cheap, so adding a switch costs seconds.
 */
export async function runCompare(opts: CompareOptions): Promise<CompareResult> {
  const started = performance.now();
  const { corpus, configs } = opts;
  const memes = corpus.memes;
  const needsExamples = opts.folds || configs.some((c) => c.expansion);
  const rows: FoldRow[] = needsExamples ? foldRows(corpus) : [];
  const lexical = configs.some((c) => c.fusion !== 'none') ? opts.buildLexical(corpus) : undefined;
  const speller = configs.some((c) => c.spell) ? await opts.buildSpeller(corpus) : undefined;
  const correct = (text: string) => (speller ? speller.correct(text).text : text);

  const base = await openEncoder(opts.config);
  const refs = new Map<string, ModelRef | string>();
  const refFor = (choice: ModelChoice, role: Role): ModelRef | string => {
    const key = choice === 'base' ? 'base' : `${choice}:${role === 'all' ? 'all' : `fold-${role}`}`;
    let ref = refs.get(key);
    if (!ref) {
      if (choice === 'base') {
        const dir = modelDir(opts.config.MEMESEARCH_CACHE_DIR, base.spec);
        ref = { key, spec: base.spec, dir, file: join(dir, base.spec.files.model) };
      } else {
        const dir = join(opts.tunedDir, role === 'all' ? 'all' : `fold-${role}`);
        const name = choice === 'tuned8' ? 'model.int8.onnx' : 'model.onnx';
        const spec: ModelSpec = {
          ...base.spec,
          id: `${base.spec.id}-memes${choice === 'tuned8' ? '-int8' : ''}`,
          files: { ...base.spec.files, model: name },
        };
        ref =
          existsSync(join(dir, name)) && existsSync(join(dir, base.spec.files.tokenizer))
            ? { key, spec, dir, file: join(dir, name) }
            : `no ${name} in ${dir} (run \`npm run train\`)`;
      }
      refs.set(key, ref);
    }
    return ref;
  };
  const roles: Role[] = [...(opts.folds ? Array.from({ length: FOLD_COUNT }, (_, f) => f) : []), ...(opts.natural ? ['all' as const] : [])];

  // Texts each model must embed as queries: the held-out examples (raw and corrected), the
  // expansion vectors (raw examples), the natural queries (raw and corrected).
  const examples = rows.map((r) => r.query);
  const naturalTexts = opts.natural?.queries.map((q) => q.query) ?? [];
  const queryTexts = (config: CompareConfig | undefined, role: Role): string[] => {
    const texts: string[] = [];
    if (role === 'all') {
      texts.push(...naturalTexts);
      if (config?.spell) texts.push(...naturalTexts.map(correct));
      if (config?.expansion) texts.push(...examples);
    } else {
      // The fold's examples are its test queries; the other folds' are expansion vectors (and the
      // base model's fitting data, which `want(baseRef, examples)` asks for).
      const test = rows.filter((r) => r.fold === role).map((r) => r.query);
      texts.push(...(config?.expansion ? examples : test));
      if (config?.spell) texts.push(...test.map(correct));
    }
    return texts;
  };

  // Which models are needed, with the texts and the configurations whose latency they measure.
  const plan = new Map<string, { ref: ModelRef; texts: Set<string>; latency: CompareConfig[] }>();
  const want = (ref: ModelRef, texts: string[], latencyOf?: CompareConfig) => {
    let p = plan.get(ref.key);
    if (!p) plan.set(ref.key, (p = { ref, texts: new Set(), latency: [] }));
    texts.forEach((t) => p.texts.add(t));
    if (latencyOf && !p.latency.includes(latencyOf)) p.latency.push(latencyOf);
  };
  const baseRef = refFor('base', 'all') as ModelRef;
  // The base model runs first: lexical weights are fitted on its scores.
  if (configs.some((c) => c.model === 'base' || c.fusion === 'linear' || c.expansion)) want(baseRef, examples);
  const latencyRole: Role = opts.natural ? 'all' : 0;
  for (const config of configs) {
    for (const role of roles) {
      const ref = refFor(config.model, role);
      if (typeof ref === 'string') continue;
      want(ref, queryTexts(config, role), role === latencyRole ? config : undefined);
    }
  }

  const vectors = new Map<string, ModelVectors>();
  const weights: Fitted = { lexicalWeight: { folds: [], natural: undefined }, expansionOffset: { folds: [], natural: undefined } };
  const latency = new Map<CompareConfig, number>();
  for (const { ref, texts, latency: latencyConfigs } of plan.values()) {
    const encoder =
      ref.key === 'base'
        ? base.encoder
        : new E5Encoder({
            spec: ref.spec,
            modelDir: ref.dir,
            threads: opts.config.MEMESEARCH_THREADS,
            maxLength: opts.config.MEMESEARCH_MAX_LENGTH,
            batchSize: opts.config.MEMESEARCH_BATCH_SIZE,
          });
    try {
      const mv = await embedAll(opts, ref, encoder, memes.map(passageText), [...texts]);
      vectors.set(ref.key, mv);
      if (ref.key === 'base') fitParameters(weights, memes, mv, lexical, rows, opts);
      for (const config of latencyConfigs) {
        const retriever = new Retriever(
          partsFor(config, latencyRole, mv, memes, rows, lexical, speller),
          settingsFor(config, latencyRole, weights),
        );
        const sample = naturalTexts.length > 0 ? naturalTexts : examples;
        latency.set(config, await measureLatency(retriever, encoder, sample, opts.latencyQueries));
      }
    } finally {
      await encoder.dispose();
    }
  }

  const result: CompareRow[] = configs.map((config) => {
    const row: CompareRow = { config, skipped: [], latencyP50Ms: latency.get(config) };
    if (opts.folds) {
      const perFold: Metrics[] = [];
      for (let f = 0; f < FOLD_COUNT; f++) {
        const ref = refFor(config.model, f);
        if (typeof ref === 'string') {
          row.skipped.push(`held-out: ${ref}`);
          break;
        }
        const mv = vectors.get(ref.key)!;
        const retriever = new Retriever(partsFor(config, f, mv, memes, rows, lexical, speller), settingsFor(config, f, weights));
        const test = rows.filter((r) => r.fold === f).map((r) => ({ query: r.query, relevant: new Set([r.id]) }));
        perFold.push(computeMetrics(judge(retriever, mv, test)));
      }
      if (perFold.length === FOLD_COUNT) row.heldout = summarize(perFold);
    }
    if (opts.natural) {
      const ref = refFor(config.model, 'all');
      if (typeof ref === 'string') row.skipped.push(`natural: ${ref}`);
      else {
        const mv = vectors.get(ref.key)!;
        const retriever = new Retriever(partsFor(config, 'all', mv, memes, rows, lexical, speller), settingsFor(config, 'all', weights));
        const { queries, styles } = opts.natural;
        const judged = judge(retriever, mv, queries);
        const byStyle: Record<string, Metrics> = {};
        for (const style of new Set(styles.filter((s): s is string => Boolean(s)))) {
          byStyle[style] = computeMetrics(judged.filter((_, i) => styles[i] === style));
        }
        row.natural = { ...computeMetrics(judged), byStyle };
      }
    }
    return row;
  });

  return {
    rows: result,
    corpus: { name: corpus.name, memes: memes.length },
    heldoutQueries: opts.folds ? rows.length : 0,
    naturalQueries: naturalTexts.length,
    fitted: weights,
    seconds: (performance.now() - started) / 1000,
  };
}

async function embedAll(
  opts: CompareOptions,
  ref: ModelRef,
  encoder: E5Encoder,
  passages: string[],
  queries: string[],
): Promise<ModelVectors> {
  const dim = ref.spec.dimension;
  const pCache = await VectorCache.open(opts.config.MEMESEARCH_CACHE_DIR, ref.file, 'passage', dim);
  const qCache = await VectorCache.open(opts.config.MEMESEARCH_CACHE_DIR, ref.file, 'query', dim);
  const todo = pCache.missingCount(passages) + qCache.missingCount(queries);
  const bar = opts.progress && todo > 0 ? createProgress(`embedding (${ref.key})`, todo, 'texts') : undefined;
  try {
    const p = await pCache.get(encoder, passages, 'passage', (n) => bar?.increment(n));
    const q = await qCache.get(encoder, queries, 'query', (n) => bar?.increment(n));
    await pCache.save();
    await qCache.save();
    const dense = FaissIndex.create(dim);
    dense.add(p);
    return { passages: p, queries: new Map(queries.map((t, i) => [t, q[i]!])), dense };
  } finally {
    bar?.stop();
  }
}

function partsFor(
  config: CompareConfig,
  role: Role,
  mv: ModelVectors,
  memes: Corpus['memes'],
  rows: readonly FoldRow[],
  lexical: LexicalSearch | undefined,
  speller: Speller | undefined,
): RetrievalParts {
  const parts: RetrievalParts = { memes, dense: mv.dense, lexical, speller };
  if (config.expansion) {
    // Expansion vectors come from the training folds only: a held-out meme's own example is the test.
    // Built once per model and role: several configurations share them.
    let byRole = expansionCache.get(mv);
    if (!byRole) expansionCache.set(mv, (byRole = new Map()));
    let expansion = byRole.get(role);
    if (!expansion)
      byRole.set(
        role,
        (expansion = expansionOf(
          mv,
          memes,
          rows.filter((r) => role === 'all' || r.fold !== role),
        )),
      );
    parts.expansion = expansion;
  }
  return parts;
}

const expansionCache = new WeakMap<ModelVectors, Map<Role, ExpansionVectors>>();

/** The example queries of `source` as expansion vectors of their memes. */
function expansionOf(mv: ModelVectors, memes: Corpus['memes'], source: readonly FoldRow[]): ExpansionVectors {
  const rowOf = new Map(memes.map((m, i) => [m.id, i]));
  const index = FaissIndex.create(mv.dense.dimension);
  index.add(source.map((r) => mv.queries.get(r.query)!));
  return { index, memeRows: source.map((r) => rowOf.get(r.id)!) };
}

/** Ranks queries (spell-prepared, vectors from the model's cache) and pairs each ranking with its labels. */
function judge(retriever: Retriever, mv: ModelVectors, queries: ReadonlyArray<{ query: string; relevant: ReadonlySet<string> }>): Judged[] {
  const texts = queries.map((q) => retriever.prepare(q.query));
  const memes = retriever.parts.memes;
  const ranked = retriever.rankMany(
    texts,
    texts.map((t) => mv.queries.get(t)!),
    10,
  );
  return ranked.map((hits, i) => ({ ranked: hits.map((h) => memes[h.row]!.id), relevant: queries[i]!.relevant }));
}

function settingsFor(config: CompareConfig, role: Role, fitted: Fitted): RetrievalSettings {
  const pick = (v: FittedValue) => (role === 'all' ? v.natural : v.folds[role]) ?? 0;
  return {
    fusion: config.fusion,
    lexicalWeight: pick(fitted.lexicalWeight),
    rrfK: 60,
    spell: config.spell,
    expansion: config.expansion,
    expansionOffset: pick(fitted.expansionOffset),
  };
}

/**
 * Fits the linear-fusion weight and the expansion offset on the base model's scores, each time on
 * queries of the training folds only. The expansion offset needs queries whose memes have no
 * expansion vectors (as held-out memes have none): one training fold plays the held-out part, the
 * other three give the vectors.
 */
function fitParameters(
  fitted: Fitted,
  memes: Corpus['memes'],
  mv: ModelVectors,
  lexical: LexicalSearch | undefined,
  rows: readonly FoldRow[],
  opts: CompareOptions,
): void {
  if (rows.length === 0) return;
  const base: RetrievalSettings = { fusion: 'none', lexicalWeight: 0, rrfK: 60, spell: false, expansion: false, expansionOffset: 0 };
  const queries = (keep: (r: FoldRow) => boolean) =>
    rows.filter(keep).map((r) => ({ text: r.query, vector: mv.queries.get(r.query)!, relevant: new Set([r.id]) }));
  const expansionFrom = (keep: (r: FoldRow) => boolean) => expansionOf(mv, memes, rows.filter(keep));
  const offsetFor = (heldOut: number | undefined) => {
    const validation = ((heldOut ?? -1) + 1) % FOLD_COUNT;
    const expansion = expansionFrom((r) => r.fold !== heldOut && r.fold !== validation);
    return fitExpansionOffset(
      { memes, dense: mv.dense, expansion },
      base,
      queries((r) => r.fold === validation),
    ).offset;
  };
  const lexicalFor = (heldOut: number | undefined) =>
    lexical
      ? fitLexicalWeight(
          { memes, dense: mv.dense, lexical },
          base,
          queries((r) => r.fold !== heldOut),
        ).weight
      : 0;
  if (opts.folds)
    for (let f = 0; f < FOLD_COUNT; f++) {
      fitted.lexicalWeight.folds[f] = lexicalFor(f);
      fitted.expansionOffset.folds[f] = offsetFor(f);
    }
  if (opts.natural) {
    fitted.lexicalWeight.natural = lexicalFor(undefined);
    fitted.expansionOffset.natural = offsetFor(undefined);
  }
}

async function measureLatency(retriever: Retriever, encoder: E5Encoder, sample: readonly string[], n: number): Promise<number> {
  const times: number[] = [];
  for (let i = -3; i < n; i++) {
    const query = sample[(i + sample.length * 4) % sample.length]!;
    const t0 = performance.now();
    const text = retriever.prepare(query);
    const [vector] = await encoder.embed([text], 'query');
    retriever.rank(text, vector!, 10);
    if (i >= 0) times.push(performance.now() - t0); // the first three warm caches up
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function summarize(folds: Metrics[]): FoldSummary {
  const mean = {} as Record<MetricKey, number>;
  const std = {} as Record<MetricKey, number>;
  for (const key of METRIC_KEYS) {
    const xs = folds.map((m) => m[key]);
    const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean[key] = mu;
    std[key] = Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, xs.length - 1));
  }
  return { mean, std, folds, n: folds.reduce((a, m) => a + m.n, 0) };
}
