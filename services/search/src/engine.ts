import { basename, resolve } from 'node:path';
import type { Config } from './config/env.js';
import { corpusHash, loadCorpus } from './corpus/load-corpus.js';
import type { Corpus } from './corpus/meme.js';
import { E5Encoder } from './encoder/e5-encoder.js';
import type { Encoder } from './encoder/encoder.js';
import { ModelMissingError } from './errors.js';
import { buildIndex } from './index/build-index.js';
import { corpusIndexDir, currentVersion, readArtifact, readMeta, type IndexArtifact, type ModelIdentity } from './index/index-artifact.js';
import { getModelSpec, type ModelSpec } from './model/manifest.js';
import { modelDir, readFetchRecord } from './model/model-cache.js';
import { ContinuousBatcher } from './batching/continuous-batcher.js';
import { SearchCore } from './search/search-core.js';
import { prepareServedIndex, retrievalSettings } from './search/served-index.js';
import { createProgress } from './util/progress.js';
import { sha256Text } from './util/sha256.js';
import { join } from 'node:path';

export interface Engine {
  spec: ModelSpec;
  identity: ModelIdentity;
  encoder: E5Encoder;
  corpus: Corpus;
  artifact: IndexArtifact;
  /** The service's pipeline over an in-process batcher (no priors: the CLI has no feedback). */
  core: SearchCore;
  /** true when this call had to (re)build the index. */
  built: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  corpusPath?: string;
  /** Build a fresh index version even if the current one matches. */
  rebuild?: boolean;
  /** Show progress bars on stderr (CLI) or stay quiet (tests, services). */
  progress?: boolean;
  threads?: number;
}

/** The fetched model: its encoder (not yet loaded) and identity, or a clear "fetch it first". */
export async function openEncoder(
  config: Config,
  threads?: number,
): Promise<{ spec: ModelSpec; encoder: E5Encoder; identity: ModelIdentity }> {
  const spec = getModelSpec(config.MEMESEARCH_MODEL);
  const dir = modelDir(config.MEMESEARCH_CACHE_DIR, spec);
  const record = await readFetchRecord(dir, spec);
  if (!record) {
    throw new ModelMissingError(
      `model ${spec.id} is not in the cache (${dir})`,
      `run \`npx memesearch model fetch ${spec.id}\` (or \`npm run setup\`)`,
    );
  }
  const encoder = new E5Encoder({
    spec,
    modelDir: dir,
    threads: threads ?? config.MEMESEARCH_THREADS,
    maxLength: config.MEMESEARCH_MAX_LENGTH,
    batchSize: config.MEMESEARCH_BATCH_SIZE,
  });
  return { spec, encoder, identity: { modelId: spec.id, dimension: spec.dimension, modelSha256: record.sha256.model } };
}

/** Index artifacts live per corpus file; two files with the same base name don't share one. */
export function corpusKey(corpus: Corpus): string {
  return corpus.name === 'builtin' ? 'builtin' : `${corpus.name}-${sha256Text(resolve(corpus.path)).slice(0, 8)}`;
}

/**
 * The index for a corpus: the current artifact when it was built from the same corpus content with
 * the same model weights, else a new version built with `encoder` (loaded only if needed).
 */
export async function resolveIndex(
  config: Config,
  identity: ModelIdentity,
  corpus: Corpus,
  encoder: Encoder,
  opts: { rebuild?: boolean; progress?: boolean } = {},
): Promise<{ artifact: IndexArtifact; built: boolean }> {
  const root = corpusIndexDir(config.MEMESEARCH_CACHE_DIR, corpusKey(corpus));
  const version = opts.rebuild ? undefined : await currentVersion(root);
  if (version) {
    const meta = await readMeta(join(root, version)).catch(() => undefined);
    const fits =
      meta &&
      meta.corpusHash === corpusHash(corpus.memes) &&
      meta.modelId === identity.modelId &&
      meta.modelSha256 === identity.modelSha256;
    if (fits) return { artifact: await readArtifact(join(root, version), identity), built: false };
  }
  if (opts.progress)
    process.stderr.write(`indexing ${corpus.memes.length} memes from ${basename(corpus.path)} with ${identity.modelId}…\n`);
  const artifact = await buildIndex(
    corpus,
    encoder,
    identity,
    root,
    opts.progress ? (n) => createProgress('indexing', n, 'memes') : undefined,
  );
  return { artifact, built: true };
}

/** Opens model + corpus + index together (the CLI's one-shot commands). */
export async function openEngine(config: Config, opts: OpenOptions = {}): Promise<Engine> {
  const { spec, encoder, identity } = await openEncoder(config, opts.threads);
  try {
    const corpus = await loadCorpus(opts.corpusPath);
    await encoder.load();
    const { artifact, built } = await resolveIndex(config, identity, corpus, encoder, opts);
    const served = await prepareServedIndex(artifact, retrievalSettings(config));
    const batcher = new ContinuousBatcher(encoder, identity.modelSha256, config.EMBED_MAX_BATCH);
    const core = new SearchCore(batcher, served);
    const close = async () => {
      await batcher.close();
      await encoder.dispose();
    };
    return { spec, identity, encoder, corpus, artifact, core, built, close };
  } catch (err) {
    await encoder.dispose();
    throw err;
  }
}
