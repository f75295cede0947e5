/**
 * Mean pooling over the attention mask, then L2 normalisation: how e5 was trained, so cosine
 * similarity becomes an inner product. `hidden` is [batch, seq, dim] row-major.
 */
export function meanPoolNormalize(hidden: Float32Array, lengths: number[], seq: number, dim: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let b = 0; b < lengths.length; b++) {
    const len = lengths[b]!;
    const v = new Float32Array(dim);
    const base = b * seq * dim;
    // Right padding: the first `len` positions are exactly the unmasked ones.
    for (let t = 0; t < len; t++) {
      const row = base + t * dim;
      for (let d = 0; d < dim; d++) v[d]! += hidden[row + d]!;
    }
    out.push(l2Normalize(v, Math.max(len, 1)));
  }
  return out;
}

/** Divides by `count` (mean) and scales to unit length in place. */
export function l2Normalize(v: Float32Array, count = 1): Float32Array {
  let norm = 0;
  for (let d = 0; d < v.length; d++) {
    v[d]! /= count;
    norm += v[d]! * v[d]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < v.length; d++) v[d]! /= norm;
  return v;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
