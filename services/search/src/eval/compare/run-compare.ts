import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContinuousBatcher } from '../../batching/continuous-batcher.js';
import type { Config } from '../../config/env.js';
import { passageText, type Corpus } from '../../corpus/meme.js';
import { openEncoder } from '../../engine.js';
import { E5Encoder } from '../../encoder/e5-encoder.js';
import { FaissIndex } from '../../index/faiss.index.js';
import { FORMAT_VERSION, type IndexArtifact } from '../../index/index-artifact.js';
import type { ModelSpec } from '../../model/manifest.js';
import { modelDir } from '../../model/model-cache.js';
import { normalizeQuery } from '../../search/query-validation.js';
import {
  DENSE_ONLY,
  Retriever,
  type LexicalChannel,
  type LexicalKind,
  type LexicalSearch,
  type RetrievalSettings,
  type Speller,
} from '../../search/retriever.js';
import { SearchCore } from '../../search/search-core.js';
import type { ServedIndex } from '../../search/served-index.js';
import { createProgress } from '../../util/progress.js';
import { fitLexicalWeights } from '../fit-fusion.js';
import { computeMetrics, type Metrics } from '../metrics.js';
import type { CompareConfig, ModelChoice } from './compare-config.js';
import { PrecomputedEmbedder } from './precomputed-embedder.js';
import type { QuerySets, StyledQuery } from './query-sets.js';
import { VectorCache } from './vector-cache.js';

export const METRIC_KEYS = ['recall@1', 'recall@5', 'recall@10', 'mrr@10', 'ndcg@10'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Metrics over a query set and per style of its queries. */
export interface SetMetrics extends Metrics {
  byStyle: Record<string, Metrics>;
}

export interface CompareRow {
  config: CompareConfig;
  /** The held-out split, with models trained without its memes. */
  heldout?: SetMetrics;
  /** The whole natural query file, with the shipped models (trained on every meme). */
  natural?: SetMetrics;
  /** Linear-fusion weights fitted on the validation memes. */
  fitted?: LexicalChannel[];
  /** Why a query set has no numbers for this configuration (e.g. no fine-tuned model yet). */
  skipped: string[];
  /** Median time of one query end to end in this process: spell → embed → rank. */
  latencyP50Ms?: number;
}

export interface CompareResult {
  rows: CompareRow[];
  corpus: { name: string; memes: number };
  queries: { validation: number; heldout: number; natural: number };
  seconds: number;
}

export interface CompareOptions {
  config: Config;
  configs: CompareConfig[];
  corpus: Corpus;
  sets: QuerySets;
  /** Where `npm run train` put the fine-tuned models: split/ (trained without validation and held-out memes) and all/. */
  tunedDir: string;
  latencyQueries: number;
  progress: boolean;
  buildLexical(corpus: Corpus, kinds: LexicalKind[]): Partial<Record<LexicalKind, LexicalSearch>>;
  buildSpeller(corpus: Corpus): Promise<Speller>;
}

/** split: the model measured on validation and held-out memes; all: the shipped one, measured on the natural set. */
type Role = 'split' | 'all';

interface ModelRef {
  key: string;
  spec: ModelSpec;
  dir: string;
  file: string;
}

interface ModelVectors {
  queries: Map<string, Float32Array>;
  dense: FaissIndex;
}

/**
 * `eval --compare`: every configuration ranked through the service's pipeline (SearchCore), on the
 * held-out split (models trained without its memes; linear weights fitted on the validation memes)
 * and on the natural query set (the shipped models), by query style, plus one-query latency. Each
 * model embeds each text once (cached on disk); rankings are then cheap.
 */
export async function runCompare(opts: CompareOptions): Promise<CompareResult> {
  const started = performance.now();
  const { corpus, configs, sets } = opts;
  const memes = corpus.memes;
  const kinds = [...new Set(configs.flatMap((c) => c.lexical))];
  const lexical = kinds.length > 0 ? opts.buildLexical(corpus, kinds) : {};
  const speller = configs.some((c) => c.spell) ? await opts.buildSpeller(corpus) : undefined;
  const keyOf = (query: string, spell: boolean) => {
    const text = normalizeQuery(query);
    return spell && speller ? speller.correct(text).text : text;
  };

  const base = await openEncoder(opts.config);
  const refFor = (choice: ModelChoice, role: Role): ModelRef | string => {
    if (choice === 'base') {
      const dir = modelDir(opts.config.MEMESEARCH_CACHE_DIR, base.spec);
      return { key: 'base', spec: base.spec, dir, file: join(dir, base.spec.files.model) };
    }
    const dir = join(opts.tunedDir, role);
    const name = choice === 'tuned8' ? 'model.int8.onnx' : 'model.onnx';
    const spec: ModelSpec = {
      ...base.spec,
      id: `${base.spec.id}-memes${choice === 'tuned8' ? '-int8' : ''}`,
      files: { ...base.spec.files, model: name },
    };
    return existsSync(join(dir, name)) && existsSync(join(dir, base.spec.files.tokenizer))
      ? { key: `${choice}:${role}`, spec, dir, file: join(dir, name) }
      : `no ${name} in ${dir} (run \`npm run train\`)`;
  };
  const setsOf: Record<Role, StyledQuery[]> = { split: [...sets.validation, ...sets.heldout], all: sets.natural };
  const roles: Role[] = [...(sets.heldout.length > 0 ? (['split'] as const) : []), ...(sets.natural.length > 0 ? (['all'] as const) : [])];
  const latencyRole: Role = sets.natural.length > 0 ? 'all' : 'split';

  // What each model must embed, and the configurations whose latency it measures.
  const plan = new Map<string, { ref: ModelRef; texts: Set<string>; latency: CompareConfig[] }>();
  for (const config of configs)
    for (const role of roles) {
      const ref = refFor(config.model, role);
      if (typeof ref === 'string') continue;
      let p = plan.get(ref.key);
      if (!p) plan.set(ref.key, (p = { ref, texts: new Set(), latency: [] }));
      for (const q of setsOf[role]) p.texts.add(keyOf(q.query, config.spell));
      if (role === latencyRole) p.latency.push(config);
    }

  const vectors = new Map<string, ModelVectors>();
  const latency = new Map<CompareConfig, number>();
  const latencySample = setsOf[latencyRole].map((q) => q.query);
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
      for (const config of latencyConfigs) {
        const settings = { ...settingsOf(config), lexical: config.lexical.map((kind) => ({ kind, weight: 0.1 })) };
        const core = new SearchCore(
          new ContinuousBatcher(encoder, 'eval', 1),
          served(memes, mv.dense, new Retriever({ memes, dense: mv.dense, lexical, speller }, settings)),
        );
        latency.set(config, await measureLatency(core, latencySample, opts.latencyQueries));
      }
    } finally {
      await encoder.dispose();
    }
  }

  const rows: CompareRow[] = [];
  for (const config of configs) {
    const row: CompareRow = { config, skipped: [], latencyP50Ms: latency.get(config) };
    for (const role of roles) {
      const ref = refFor(config.model, role);
      if (typeof ref === 'string') {
        row.skipped.push(`${role === 'split' ? 'held-out' : 'natural'}: ${ref}`);
        continue;
      }
      const mv = vectors.get(ref.key)!;
      const parts = { memes, dense: mv.dense, lexical, speller };
      let settings = settingsOf(config);
      if (config.fusion === 'linear') {
        // Weights come from the validation memes with the model that never saw them; the shipped
        // model (natural set) uses the same weights.
        row.fitted ??= fitWeights(config, refFor(config.model, 'split'), vectors, parts, sets.validation, keyOf);
        settings = { ...settings, lexical: row.fitted };
      }
      const core = new SearchCore(new PrecomputedEmbedder(mv.queries, 'eval'), served(memes, mv.dense, new Retriever(parts, settings)));
      const measured = await judge(core, role === 'split' ? sets.heldout : sets.natural);
      if (role === 'split') row.heldout = measured;
      else row.natural = measured;
    }
    rows.push(row);
  }
  return {
    rows,
    corpus: { name: corpus.name, memes: memes.length },
    queries: { validation: sets.validation.length, heldout: sets.heldout.length, natural: sets.natural.length },
    seconds: (performance.now() - started) / 1000,
  };
}

function settingsOf(config: CompareConfig): RetrievalSettings {
  return { ...DENSE_ONLY, fusion: config.fusion, lexical: config.lexical.map((kind) => ({ kind, weight: 0 })), spell: config.spell };
}

function fitWeights(
  config: CompareConfig,
  splitRef: ModelRef | string,
  vectors: ReadonlyMap<string, ModelVectors>,
  parts: ConstructorParameters<typeof Retriever>[0],
  validation: readonly StyledQuery[],
  keyOf: (q: string, spell: boolean) => string,
): LexicalChannel[] {
  const mv = typeof splitRef === 'string' ? undefined : vectors.get(splitRef.key);
  if (!mv) return config.lexical.map((kind) => ({ kind, weight: 0 }));
  const queries = validation.map((q) => {
    const text = keyOf(q.query, config.spell);
    return { text, vector: mv.queries.get(text)!, relevant: q.relevant };
  });
  return fitLexicalWeights({ ...parts, dense: mv.dense }, settingsOf(config), config.lexical, queries).channels;
}

/** An index version for the pipeline, from vectors computed in this process. */
function served(memes: Corpus['memes'], dense: FaissIndex, retriever: Retriever): ServedIndex {
  const artifact: IndexArtifact = {
    dir: '(eval)',
    memes,
    index: dense,
    meta: {
      formatVersion: FORMAT_VERSION,
      version: 'eval',
      modelId: 'eval',
      dimension: dense.dimension,
      modelSha256: 'eval',
      corpusName: 'eval',
      corpusHash: '',
      count: memes.length,
      builtAt: new Date(0).toISOString(),
      faiss: 'IndexFlatIP',
    },
  };
  return { artifact, retriever };
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
    return { queries: new Map(queries.map((t, i) => [t, q[i]!])), dense };
  } finally {
    bar?.stop();
  }
}

/** Ranks a query set through the pipeline and scores it, overall and by style. */
async function judge(core: SearchCore, queries: readonly StyledQuery[]): Promise<SetMetrics> {
  const results = await core.searchMany(
    queries.map((q) => q.query),
    10,
  );
  return styleMetrics(
    results.map((hits, i) => ({ ranked: hits.map((h) => h.meme.id), relevant: queries[i]!.relevant, style: queries[i]!.style })),
  );
}

async function measureLatency(core: SearchCore, sample: readonly string[], n: number): Promise<number> {
  const times: number[] = [];
  for (let i = -3; i < n; i++) {
    const query = sample[(i + sample.length * 4) % sample.length]!;
    const t0 = performance.now();
    await core.search(query, 10);
    if (i >= 0) times.push(performance.now() - t0); // the first three warm caches up
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function styleMetrics(
  judged: ReadonlyArray<{ ranked: readonly string[]; relevant: ReadonlySet<string>; style: string }>,
): SetMetrics {
  const byStyle: Record<string, Metrics> = {};
  for (const style of [...new Set(judged.map((j) => j.style))].sort())
    byStyle[style] = computeMetrics(judged.filter((j) => j.style === style));
  return { ...computeMetrics(judged), byStyle };
}
