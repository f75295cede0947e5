import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config/env.js';
import type { ModelSpec } from '../manifest.js';
import { SourceFailure, type ModelSource, type SourceResult } from './model-source.js';

/**
 * Source 3: a directory the operator already has (copied from another machine, or an HF snapshot).
 * Accepts the files at the top level or in an `onnx/` subfolder, as HF repositories lay them out.
 */
export class LocalSource implements ModelSource {
  readonly name = 'local';

  constructor(private readonly dir?: string) {}

  unsupported(): string | undefined {
    return this.dir ? undefined : 'no local directory given (--dir or MEMESEARCH_MODEL_DIR)';
  }

  async fetch(spec: ModelSpec, stagingDir: string, _config: Config): Promise<SourceResult> {
    if (!this.dir) throw new SourceFailure('no local directory given', 'pass --dir DIR or set MEMESEARCH_MODEL_DIR');
    for (const name of [spec.files.tokenizer, spec.files.model, ...(spec.files.extra ?? [])]) {
      const from = await firstExisting([join(this.dir, name), join(this.dir, 'onnx', name)]);
      if (!from) throw new SourceFailure(`${this.dir} has no ${name}`, `put ${name} in ${this.dir} (or ${this.dir}/onnx)`);
      await copyFile(from, join(stagingDir, name));
    }
    // Nothing says which export the operator has: hashes are recorded on first use.
    return { precision: 'as found in the local directory', expectedSha256: { model: null, tokenizer: null } };
  }
}

async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const p of paths) {
    if (
      await stat(p).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return p;
  }
  return undefined;
}
