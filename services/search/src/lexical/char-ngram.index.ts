import type { Meme } from '../corpus/meme.js';
import { tokenizeWords } from './russian-analyzer.js';
import { topK } from './top-k.js';

export interface CharNgramOptions {
  /** Shortest and longest n-gram, in characters of a space-padded word. */
  minN: number;
  maxN: number;
  /** A title n-gram counts this many times a description one: people type the meme's name. */
  titleWeight: number;
}

export const DEFAULT_CHAR_NGRAM_OPTIONS: CharNgramOptions = { minN: 3, maxN: 5, titleWeight: 2 };

type Doc = Pick<Meme, 'title' | 'description'>;

export interface RowHit {
  /** Position of the meme in the list the index was built from. */
  row: number;
  score: number;
}

/**
 * The character n-grams of a text, word by word: each normalised word (lower case, ё → е) padded
 * with a space on both sides, cut into every n-gram of minN..maxN characters; a word shorter than n
 * gives itself once. Shared by documents and queries so both sides cut words the same way.
 */
export function charNgrams(text: string, minN: number, maxN: number, each: (gram: string) => void): void {
  for (const word of tokenizeWords(text)) {
    const w = ` ${word} `;
    for (let n = minN; n <= maxN; n++) {
      if (w.length <= n) {
        each(w);
        break;
      }
      for (let i = 0; i + n <= w.length; i++) each(w.slice(i, i + n));
    }
  }
}

/**
 * TF-IDF cosine over character 3–5-grams of a meme's title and description. N-grams match across
 * inflections, typos and dropped letters («извени», «када», «мемчик») without a stemmer or a
 * dictionary, which is what people type on a phone. Postings are precomputed in typed arrays, so a
 * query costs one pass over the postings of its n-grams and no allocation per meme.
 *
 * Weights: sublinear tf (1 + ln tf), smooth idf (ln((1 + N) / (1 + df)) + 1), both sides L2-normalised;
 * a query's n-grams that no meme has count in its norm at the highest idf, so a query of mostly unknown
 * text cannot score high on the few n-grams it shares.
 */
export class CharNgramIndex {
  /** Cosines mean the same in every query: linear fusion adds them as they are. */
  readonly scale = 'cosine';
  private readonly scores: Float32Array;

  private constructor(
    private readonly options: CharNgramOptions,
    private readonly terms: Map<string, number>,
    private readonly idf: Float32Array,
    private readonly maxIdf: number,
    /** CSR postings: term t's memes are docs[offsets[t] .. offsets[t+1]) with their weights. */
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly weights: Float32Array,
    readonly size: number,
  ) {
    this.scores = new Float32Array(size);
  }

  static build(memes: readonly Doc[], options: Partial<CharNgramOptions> = {}): CharNgramIndex {
    const opts = { ...DEFAULT_CHAR_NGRAM_OPTIONS, ...options };
    const terms = new Map<string, number>();
    const df: number[] = [];
    // Per meme: term id → weighted count (title n-grams count titleWeight times).
    const counts: Array<Map<number, number>> = memes.map((m) => {
      const tf = new Map<number, number>();
      const add = (weight: number) => (gram: string) => {
        let t = terms.get(gram);
        if (t === undefined) {
          t = terms.size;
          terms.set(gram, t);
          df.push(0);
        }
        tf.set(t, (tf.get(t) ?? 0) + weight);
      };
      charNgrams(m.title, opts.minN, opts.maxN, add(opts.titleWeight));
      charNgrams(m.description, opts.minN, opts.maxN, add(1));
      for (const t of tf.keys()) df[t]!++;
      return tf;
    });
    const n = memes.length;
    const idf = Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
    const offsets = new Uint32Array(terms.size + 1);
    for (const tf of counts) for (const t of tf.keys()) offsets[t + 1]!++;
    for (let t = 0; t < terms.size; t++) offsets[t + 1]! += offsets[t]!;
    const fill = offsets.slice(0, terms.size);
    const docs = new Uint32Array(offsets[terms.size]!);
    const weights = new Float32Array(docs.length);
    counts.forEach((tf, d) => {
      let norm = 0;
      const w = new Map<number, number>();
      for (const [t, c] of tf) {
        const x = (1 + Math.log(c)) * idf[t]!;
        w.set(t, x);
        norm += x * x;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [t, x] of w) {
        const at = fill[t]!++;
        docs[at] = d;
        weights[at] = x / norm;
      }
    });
    const maxIdf = Math.log(1 + n) + 1;
    return new CharNgramIndex(opts, terms, idf, maxIdf, offsets, docs, weights, n);
  }

  /** Cosine of the query with every meme, in a buffer reused by the next call (read it before searching again). */
  scoreAll(query: string): Float32Array {
    const scores = this.scores;
    scores.fill(0);
    const tf = new Map<string, number>();
    charNgrams(query, this.options.minN, this.options.maxN, (g) => tf.set(g, (tf.get(g) ?? 0) + 1));
    let norm = 0;
    const known: Array<[number, number]> = [];
    for (const [gram, c] of tf) {
      const t = this.terms.get(gram);
      const x = (1 + Math.log(c)) * (t === undefined ? this.maxIdf : this.idf[t]!);
      norm += x * x;
      if (t !== undefined) known.push([t, x]);
    }
    if (known.length === 0) return scores;
    norm = Math.sqrt(norm);
    const { offsets, docs, weights } = this;
    for (const [t, x] of known) {
      const q = x / norm;
      for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) scores[docs[i]!]! += q * weights[i]!;
    }
    return scores;
  }

  /** The best `k` memes for a query by cosine, best first; memes sharing no n-gram are left out. */
  search(query: string, k: number): RowHit[] {
    return topK(this.scoreAll(query), k);
  }
}
