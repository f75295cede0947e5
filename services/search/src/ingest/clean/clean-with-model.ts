import type { Config } from '../../config/env.js';
import type { Meme } from '../../corpus/meme.js';
import { ModelMissingError } from '../../errors.js';
import { cleanMemes, type CleanOptions, type CleanResult } from './clean-memes.js';
import { openPassageEmbedder, type PassageEmbedder } from './passage-embedder.js';

export type EmbeddingUse = 'require' | 'if-fetched' | 'off';

/**
 * cleanMemes with the configured model as its `embed`. `require` (ingest clean) fails with the
 * fetch command when the model is missing; `if-fetched` (ingest file) cleans without it and says so
 * in `note`. The model is freed before this returns.
 */
export async function cleanWithModel(
  memes: readonly Meme[],
  config: Config,
  opts: Omit<CleanOptions, 'embed'> & { embeddings: EmbeddingUse; progress?: boolean },
): Promise<{ result: CleanResult; modelId?: string; note?: string }> {
  let embedder: PassageEmbedder | undefined;
  let note: string | undefined;
  if (opts.embeddings !== 'off') {
    try {
      embedder = await openPassageEmbedder(config, { progress: opts.progress });
    } catch (err) {
      if (!(err instanceof ModelMissingError)) throw err;
      if (opts.embeddings === 'require') {
        throw new ModelMissingError(err.message, `${err.hint ?? 'fetch the model'}; or clean without it: --no-embeddings`);
      }
      note = `${err.message}: cleaning without embeddings (exact duplicates and near-identical text only); ${err.hint ?? ''}`;
    }
  }
  try {
    const { threshold, titleThreshold, textThreshold } = opts;
    const result = await cleanMemes(memes, { embed: embedder?.embed, threshold, titleThreshold, textThreshold });
    return { result, modelId: embedder?.modelId, note };
  } finally {
    await embedder?.close();
  }
}
