import type { CleanResult } from './clean-memes.js';

/** "3 near-duplicate, 1 duplicate url": counts by kind, largest first. */
export function countByKind(items: ReadonlyArray<{ kind: string }>): string {
  const counts = new Map<string, number>();
  for (const { kind } of items) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}

/** One stderr line per drop and per re-suffixed id: what happened to each meme is never silent. */
export function cleanReportLines(result: CleanResult): string[] {
  return [
    ...result.renamed.map((r) => `renamed duplicate id "${r.from}" → "${r.to}"`),
    ...result.dropped.map((d) => `dropped "${d.id}" (${d.title || 'no title'}): ${d.reason}`),
  ];
}
