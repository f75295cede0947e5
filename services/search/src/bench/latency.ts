/** Percentile of a sample (nearest rank), in the sample's unit. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `task` for every item with at most `concurrency` in flight; returns each item's latency (ms). */
export async function runConcurrent<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<unknown>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const t0 = performance.now();
      await task(item);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export const round = (x: number, digits = 2) => Number(x.toFixed(digits));
