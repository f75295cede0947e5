import type { Config } from '../../config/env.js';
import type { ModelSpec } from '../manifest.js';

/** Files a source wrote into the staging directory, with the hashes they must match (null: unknown). */
export interface SourceResult {
  precision: string;
  expectedSha256: { model: string | null; tokenizer: string | null };
}

/** One place model files can come from. Each writes spec.files.* into `stagingDir` or throws. */
export interface ModelSource {
  readonly name: string;
  /** Why this source cannot serve the model at all (e.g. no such source in the manifest), else undefined. */
  unsupported(spec: ModelSpec): string | undefined;
  fetch(spec: ModelSpec, stagingDir: string, config: Config): Promise<SourceResult>;
}

/** A source that failed: what went wrong and what the user can do about it. */
export class SourceFailure extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
