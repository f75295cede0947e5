import type { Meme } from '../corpus/meme.js';
import type { Encoder } from '../encoder/encoder.js';
import type { IndexArtifact } from '../index/index-artifact.js';
import { normalizeQuery } from './query-validation.js';

export interface SearchHit {
  meme: Meme;
  /** Cosine similarity of query and meme (higher is better). */
  score: number;
}

/** Query → encoder → faiss → memes. Many queries share one encoder run and one faiss call. */
export class MemeSearcher {
  constructor(
    private readonly encoder: Encoder,
    private readonly artifact: IndexArtifact,
  ) {}

  get size(): number {
    return this.artifact.memes.length;
  }

  async search(query: string, k: number): Promise<SearchHit[]> {
    const [hits] = await this.searchMany([query], k);
    return hits ?? [];
  }

  async searchMany(queries: readonly string[], k: number, onProgress?: (done: number) => void): Promise<SearchHit[][]> {
    const texts = queries.map((q) => normalizeQuery(q));
    const vectors = await this.encoder.embed(texts, 'query', { onProgress });
    return this.artifact.index.search(vectors, k).map((hits) => hits.map(({ row, score }) => ({ meme: this.artifact.memes[row]!, score })));
  }
}
