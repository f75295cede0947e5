import type { Corpus } from '../corpus/meme.js';
import { corpusHash } from '../corpus/load-corpus.js';
import { passageText } from '../corpus/meme.js';
import type { Encoder } from '../encoder/encoder.js';
import { silentProgress, type Progress } from '../util/progress.js';
import { FaissIndex } from './faiss.index.js';
import { FORMAT_VERSION, writeArtifact, type IndexArtifact, type IndexMeta, type ModelIdentity } from './index-artifact.js';

/**
 * Embeds every meme as a passage (the encoder sorts by length and pads per batch) and writes a new
 * versioned artifact that becomes CURRENT for this corpus.
 */
export async function buildIndex(
  corpus: Corpus,
  encoder: Encoder,
  identity: ModelIdentity,
  root: string,
  makeProgress: (total: number) => Progress = () => silentProgress,
): Promise<IndexArtifact> {
  const progress = makeProgress(corpus.memes.length);
  let vectors: Float32Array[];
  try {
    vectors = await encoder.embed(corpus.memes.map(passageText), 'passage', { onProgress: (n) => progress.increment(n) });
  } finally {
    progress.stop();
  }
  const index = FaissIndex.create(identity.dimension);
  index.add(vectors);
  const hash = corpusHash(corpus.memes);
  const builtAt = new Date();
  const meta: IndexMeta = {
    formatVersion: FORMAT_VERSION,
    version: `${builtAt
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}-${identity.modelId}-${hash.slice(0, 8)}`,
    modelId: identity.modelId,
    dimension: identity.dimension,
    modelSha256: identity.modelSha256,
    corpusName: corpus.name,
    corpusHash: hash,
    count: corpus.memes.length,
    builtAt: builtAt.toISOString(),
    faiss: 'IndexFlatIP',
  };
  const dir = await writeArtifact(root, meta, corpus.memes, index);
  return { dir, meta, memes: corpus.memes, index };
}
