import { createRequire } from 'node:module';
import type * as FaissNode from 'faiss-node';
import { UserError } from '../errors.js';

type FaissModule = typeof FaissNode;
let faissModule: FaissModule | undefined;

/**
 * faiss-node is a native addon built on set-up (scripts/build-faiss-node.sh). It is loaded on first
 * use so commands that need no index (model fetch) work before it is built, and its absence is a
 * clear message instead of a bindings stack trace.
 */
function faiss(): FaissModule {
  if (!faissModule) {
    // faiss' OpenMP pool and OpenBLAS' pool oversubscribe small machines: batched searches ran
    // ~10x slower with the defaults. Flat search over a few thousand vectors needs one thread.
    process.env.OMP_NUM_THREADS ??= '1';
    try {
      faissModule = createRequire(import.meta.url)('faiss-node') as FaissModule;
    } catch (err) {
      throw new UserError(
        `the faiss-node native addon is not built (${(err as Error).message.split('\n')[0]})`,
        'run `npm run setup` (it runs scripts/build-faiss-node.sh)',
      );
    }
  }
  return faissModule;
}

export interface Neighbor {
  /** Row in the index (= position in the artifact's meme list). */
  row: number;
  score: number;
}

/**
 * Exact inner-product search (IndexFlatIP) over unit vectors, i.e. cosine similarity. faiss-node
 * takes plain number arrays; queries go in one call per batch because each call has a fixed cost.
 */
export class FaissIndex {
  private constructor(
    private readonly index: FaissNode.IndexFlatIP,
    readonly dimension: number,
  ) {}

  static create(dimension: number): FaissIndex {
    return new FaissIndex(new (faiss().IndexFlatIP)(dimension), dimension);
  }

  static read(path: string): FaissIndex {
    const index = faiss().IndexFlatIP.read(path);
    return new FaissIndex(index, index.getDimension());
  }

  get size(): number {
    return this.index.ntotal();
  }

  add(vectors: readonly Float32Array[]): void {
    if (vectors.length === 0) return;
    this.index.add(flatten(vectors, this.dimension));
  }

  write(path: string): void {
    this.index.write(path);
  }

  search(queries: readonly Float32Array[], k: number): Neighbor[][] {
    const n = this.size;
    const kk = Math.min(k, n);
    if (queries.length === 0 || kk <= 0) return queries.map(() => []);
    const { distances, labels } = this.index.search(flatten(queries, this.dimension), kk);
    return queries.map((_, q) => {
      const hits: Neighbor[] = [];
      for (let j = 0; j < kk; j++) {
        const row = labels[q * kk + j]!;
        if (row >= 0) hits.push({ row, score: distances[q * kk + j]! });
      }
      return hits;
    });
  }
}

function flatten(vectors: readonly Float32Array[], dim: number): number[] {
  const flat = new Array<number>(vectors.length * dim);
  vectors.forEach((v, i) => {
    if (v.length !== dim) throw new Error(`vector of dimension ${v.length}, index has ${dim}`);
    for (let d = 0; d < dim; d++) flat[i * dim + d] = v[d]!;
  });
  return flat;
}
