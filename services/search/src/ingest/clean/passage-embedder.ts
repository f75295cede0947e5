import type { Config } from '../../config/env.js';
import { openEncoder } from '../../engine.js';
import { createProgress, silentProgress } from '../../util/progress.js';
import type { EmbedFn } from './clean-memes.js';

export interface PassageEmbedder {
  modelId: string;
  embed: EmbedFn;
  close(): Promise<void>;
}

/**
 * The configured model as cleanMemes' `embed`. Throws ModelMissingError (with the fetch command)
 * when the model is not fetched; loads the ONNX session only on the first call, because a corpus
 * without similar titles never needs it.
 */
export async function openPassageEmbedder(config: Config, opts: { progress?: boolean } = {}): Promise<PassageEmbedder> {
  const { spec, encoder } = await openEncoder(config);
  return {
    modelId: spec.id,
    embed: async (texts) => {
      await encoder.load();
      const bar = opts.progress && texts.length > 64 ? createProgress('embedding look-alikes', texts.length, 'memes') : silentProgress;
      try {
        return await encoder.embed(texts, 'passage', { onProgress: (n) => bar.increment(n) });
      } finally {
        bar.stop();
      }
    },
    close: () => encoder.dispose(),
  };
}
