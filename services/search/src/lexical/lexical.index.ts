import MiniSearch from 'minisearch';
import type { Meme } from '../corpus/meme.js';
import { termsOfWord, tokenizeWords } from './russian-analyzer.js';

export interface LexicalHit {
  id: string;
  /** BM25+ score (title matches boosted): comparable within one query only. */
  score: number;
}

export interface LexicalOptions {
  /**
   * How much more a title match counts than a description match. 2 measured best on the natural queries
   * (MRR@10 .611 vs .606 at 3 and .607 at 1) and close to best on the corpus's example queries.
   */
  titleBoost: number;
  /**
   * Edit distance allowed per query term, as a share of its length (minisearch's `fuzzy`), 0 = exact.
   * Off by default: on stems it matched unrelated words more often than typos (measured on the natural
   * query set); typos are the spell corrector's job.
   */
  fuzzy: number;
  /** Let a query term match longer terms it starts ("мем" → "мемы"); off for the same reason. */
  prefix: boolean;
}

export const DEFAULT_LEXICAL_OPTIONS: LexicalOptions = { titleBoost: 2, fuzzy: 0, prefix: false };

type Doc = Pick<Meme, 'id' | 'title' | 'description'>;

/**
 * BM25 keyword search over meme titles and descriptions with Russian analysis (ё → е, stop words,
 * Snowball stems). It finds what embeddings miss: rare names and exact catch-phrases ("ждун",
 * "денег нет но вы держитесь"). Built in memory from the corpus at start; nothing is persisted.
 */
export class LexicalIndex {
  /** BM25 scores only order memes within one query: linear fusion divides by the query's best. */
  readonly scale = 'relative';
  private readonly rowOf: Map<string, number>;
  private readonly scores: Float32Array;

  private constructor(
    private readonly engine: MiniSearch<Doc>,
    private readonly options: LexicalOptions,
    ids: readonly string[],
  ) {
    this.rowOf = new Map(ids.map((id, i) => [id, i]));
    this.scores = new Float32Array(ids.length);
  }

  static build(memes: readonly Doc[], options: Partial<LexicalOptions> = {}): LexicalIndex {
    const opts = { ...DEFAULT_LEXICAL_OPTIONS, ...options };
    // A corpus repeats its words many times: stemming each distinct word once halves the build. The cache
    // lives only for the build, so queries (any text) can't grow it.
    const seen = new Map<string, string[]>();
    const cachedTerms = (word: string): string[] => {
      let terms = seen.get(word);
      if (!terms) seen.set(word, (terms = termsOfWord(word)));
      return terms;
    };
    const engine = new MiniSearch<Doc>({
      fields: ['title', 'description'],
      idField: 'id',
      storeFields: [],
      tokenize: tokenizeWords,
      // minisearch drops a term mapped to [] (a stop word) and indexes each term of a longer list.
      processTerm: cachedTerms,
    });
    // Only the fields we index: a caller may pass full Meme objects, and minisearch keeps nothing else.
    engine.addAll(memes.map(({ id, title, description }) => ({ id, title, description })));
    return new LexicalIndex(
      engine,
      opts,
      memes.map((m) => m.id),
    );
  }

  /** Number of memes indexed. */
  get size(): number {
    return this.engine.documentCount;
  }

  /** The best `k` memes for a query, best first; [] when no query word is in the index. */
  search(query: string, k: number): LexicalHit[] {
    if (k <= 0) return [];
    const { titleBoost, fuzzy, prefix } = this.options;
    const results = this.engine.search(query, {
      processTerm: termsOfWord,
      boost: { title: titleBoost },
      fuzzy: fuzzy > 0 ? fuzzy : false,
      prefix,
      combineWith: 'OR',
    });
    return results.slice(0, k).map((r) => ({ id: String(r.id), score: r.score }));
  }

  /** The BM25 score of every meme by row (0 = no query term), in a buffer the next call reuses. */
  scoreAll(query: string): Float32Array {
    this.scores.fill(0);
    for (const hit of this.search(query, this.rowOf.size)) {
      const row = this.rowOf.get(hit.id);
      if (row !== undefined) this.scores[row] = hit.score;
    }
    return this.scores;
  }
}
