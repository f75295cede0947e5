import { describe, expect, it } from 'vitest';
import { dot, meanPoolNormalize } from './pooling.js';

describe('meanPoolNormalize', () => {
  it('averages only unmasked positions and returns unit vectors', () => {
    // batch 2, seq 3, dim 2; the second row has one real token, then padding full of junk.
    const hidden = new Float32Array([1, 0, 3, 0, 99, 99, /* row 2 */ 0, 2, 50, 50, 50, 50]);
    const [a, b] = meanPoolNormalize(hidden, [2, 1], 3, 2);
    expect(Array.from(a!)).toEqual([1, 0]); // mean (2, 0) → unit (1, 0); the 99s are padding
    expect(Array.from(b!)).toEqual([0, 1]);
    expect(dot(a!, a!)).toBeCloseTo(1);
  });

  it('leaves a zero vector at zero instead of NaN', () => {
    const [v] = meanPoolNormalize(new Float32Array([0, 0]), [1], 1, 2);
    expect(Array.from(v!)).toEqual([0, 0]);
  });
});
