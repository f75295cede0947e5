import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../../config/env.js';
import { REPO_ROOT } from '../../config/paths.js';
import { runProcess } from '../../util/run-process.js';
import { sha256File } from '../../util/sha256.js';
import { getModelSpec, type ModelSpec } from '../manifest.js';
import { SourceFailure, type ModelSource, type SourceResult } from './model-source.js';

/** Makes sure a base model is in the cache (through the other sources) and says where it is. */
export type FetchBase = (base: ModelSpec) => Promise<string>;

/**
 * Source for models we trained ourselves: the base model (fetched like any other) plus a small
 * training delta committed to this repository (LoRA matrices), merged into a copy of the base ONNX
 * graph by models/training/apply_delta.py. So a fine-tuned model is one `model fetch` away on any
 * clone, without a model hub and without re-training.
 */
export class DerivedSource implements ModelSource {
  readonly name = 'derived';

  constructor(private readonly fetchBase: FetchBase) {}

  unsupported(spec: ModelSpec): string | undefined {
    return spec.sources.derived ? undefined : `${spec.id} is not derived from another model`;
  }

  async fetch(spec: ModelSpec, stagingDir: string, config: Config): Promise<SourceResult> {
    const src = spec.sources.derived;
    if (!src) throw new SourceFailure(this.unsupported(spec) ?? 'unsupported', 'try another source');
    const delta = resolve(REPO_ROOT, src.delta);
    const actual = await sha256File(delta).catch((err: Error) => {
      throw new SourceFailure(
        `cannot read the training delta ${src.delta} (${err.message})`,
        'restore it from git, or run `npm run train`',
      );
    });
    if (src.deltaSha256 && actual !== src.deltaSha256)
      throw new SourceFailure(
        `${src.delta}: sha256 ${actual} does not match the manifest (${src.deltaSha256})`,
        'a retrained delta needs its new sha256 in models/manifest.json (scripts/train.sh prints it)',
      );
    const baseDir = await this.fetchBase(getModelSpec(src.base));
    process.stderr.write(`merging ${src.delta} into ${src.base}…\n`);
    const res = await runProcess(
      config.python,
      [
        resolve(REPO_ROOT, src.apply),
        '--base',
        join(baseDir, spec.files.model),
        '--delta',
        delta,
        '--out',
        join(stagingDir, spec.files.model),
      ],
      { timeoutMs: 600_000, echo: true },
    );
    if (res.code !== 0)
      throw new SourceFailure(
        `merging the delta failed (${config.python} exited with ${res.code}): ${res.stderrTail.trim().split('\n').slice(-3).join(' | ')}`,
        'run `npm run setup` (models/requirements.txt has what the merge needs), or set MEMESEARCH_PYTHON',
      );
    await copyFile(join(baseDir, spec.files.tokenizer), join(stagingDir, spec.files.tokenizer));
    return { precision: src.precision, expectedSha256: src.sha256 };
  }
}
