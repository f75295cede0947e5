import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Encoder, TextKind } from '../../encoder/encoder.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { sha256Text } from '../../util/sha256.js';

/**
 * Embeddings of eval texts per model file, kept on disk between runs: `eval --compare` embeds the
 * same 2,153 passages and queries with up to a dozen models, and reruns (a new switch, a new query
 * set) should only pay for texts they have not seen. Keyed by the model file's path, size and mtime,
 * so a retrained model is never served stale vectors.
 */
export class VectorCache {
  private vectors = new Map<string, Float32Array>();
  private dirty = false;

  private constructor(
    private readonly base: string,
    private readonly dimension: number,
  ) {}

  static async open(cacheDir: string, modelFile: string, kind: TextKind, dimension: number): Promise<VectorCache> {
    const s = await stat(modelFile);
    const key = sha256Text(`${modelFile}:${s.size}:${s.mtimeMs}:${kind}`).slice(0, 24);
    const dir = join(cacheDir, 'eval', 'vectors');
    await mkdir(dir, { recursive: true });
    const cache = new VectorCache(join(dir, key), dimension);
    await cache.read();
    return cache;
  }

  private async read(): Promise<void> {
    if (!existsSync(`${this.base}.json`) || !existsSync(`${this.base}.f32`)) return;
    try {
      const texts = JSON.parse(await readFile(`${this.base}.json`, 'utf8')) as string[];
      const buf = await readFile(`${this.base}.f32`);
      const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      if (all.length !== texts.length * this.dimension) return; // torn or foreign: start over
      texts.forEach((t, i) => this.vectors.set(t, all.slice(i * this.dimension, (i + 1) * this.dimension)));
    } catch {
      this.vectors.clear();
    }
  }

  /** Vectors for `texts`, embedding (in one batch) only those not cached yet. */
  async get(encoder: Encoder, texts: readonly string[], kind: TextKind, onProgress?: (n: number) => void): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((t) => !this.vectors.has(t)))];
    if (missing.length > 0) {
      await encoder.load();
      const vectors = await encoder.embed(missing, kind, { onProgress });
      missing.forEach((t, i) => this.vectors.set(t, vectors[i]!));
      this.dirty = true;
    }
    return texts.map((t) => this.vectors.get(t)!);
  }

  /** How many distinct texts of `texts` are not cached yet. */
  missingCount(texts: readonly string[]): number {
    return new Set(texts.filter((t) => !this.vectors.has(t))).size;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const texts = [...this.vectors.keys()];
    const all = new Float32Array(texts.length * this.dimension);
    texts.forEach((t, i) => all.set(this.vectors.get(t)!, i * this.dimension));
    // Two files: a reader that finds them out of step (count ≠ size) just starts over.
    await writeFileAtomic(`${this.base}.f32`, new Uint8Array(all.buffer));
    await writeFileAtomic(`${this.base}.json`, JSON.stringify(texts));
    this.dirty = false;
  }
}
