import type { Meme } from '../corpus/meme.js';
import type { Encoder } from '../encoder/encoder.js';
import type { Retriever } from './retriever.js';
import { normalizeQuery } from './query-validation.js';

export interface SearchHit {
  meme: Meme;
  /** Cosine similarity of query and meme (higher is better). */
  score: number;
}

/** Query → (spell) → encoder → retriever → memes. Many queries share one encoder run and one faiss call. */
export class MemeSearcher {
  constructor(
    private readonly encoder: Encoder,
    private readonly retriever: Retriever,
  ) {}

  get size(): number {
    return this.retriever.size;
  }

  async search(query: string, k: number): Promise<SearchHit[]> {
    const [hits] = await this.searchMany([query], k);
    return hits ?? [];
  }

  async searchMany(queries: readonly string[], k: number, onProgress?: (done: number) => void): Promise<SearchHit[][]> {
    const texts = queries.map((q) => this.retriever.prepare(normalizeQuery(q)));
    const vectors = await this.encoder.embed(texts, 'query', { onProgress });
    const memes = this.retriever.parts.memes;
    return this.retriever.rankMany(texts, vectors, k).map((hits) => hits.map(({ row, score }) => ({ meme: memes[row]!, score })));
  }
}
