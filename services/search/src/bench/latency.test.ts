import { describe, expect, it } from 'vitest';
import { percentile, runConcurrent } from './latency.js';

describe('bench helpers', () => {
  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('never has more than `concurrency` tasks in flight', async () => {
    let inflight = 0;
    let peak = 0;
    const { latencies } = await runConcurrent(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async () => {
        peak = Math.max(peak, ++inflight);
        await new Promise((r) => setTimeout(r, 2));
        inflight--;
      },
    );
    expect(latencies).toHaveLength(20);
    expect(peak).toBe(4);
  });
});
