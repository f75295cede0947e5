import type { CompareResult, CompareRow, MetricKey } from './run-compare.js';
import { METRIC_KEYS } from './run-compare.js';

const SHORT: Record<MetricKey, string> = { 'recall@1': 'R@1', 'recall@5': 'R@5', 'recall@10': 'R@10', 'mrr@10': 'MRR', 'ndcg@10': 'nDCG' };

function cells(row: CompareRow, withStd: boolean): { heldout: string[]; natural: string[]; typo: string; latency: string } {
  const f = (x: number) => x.toFixed(3);
  return {
    heldout: METRIC_KEYS.map((k) =>
      row.heldout ? (withStd ? `${f(row.heldout.mean[k])} ±${row.heldout.std[k].toFixed(3)}` : f(row.heldout.mean[k])) : '—',
    ),
    natural: METRIC_KEYS.map((k) => (row.natural ? f(row.natural[k]) : '—')),
    typo: row.natural?.byStyle.typo ? f(row.natural.byStyle.typo['recall@5']) : '—',
    latency: row.latencyP50Ms === undefined ? '—' : row.latencyP50Ms.toFixed(1),
  };
}

/** The comparison as a Markdown table (what the README shows). */
export function compareMarkdown(result: CompareResult): string {
  const head = [
    'configuration',
    ...METRIC_KEYS.map((k) => `held-out ${SHORT[k]}`),
    ...METRIC_KEYS.map((k) => `natural ${SHORT[k]}`),
    'natural typo R@5',
    'p50 ms',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of result.rows) {
    const c = cells(row, true);
    lines.push(`| \`${row.config.name}\` | ${[...c.heldout, ...c.natural, c.typo, c.latency].join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** The same for a terminal: aligned columns, means only (the ± spread is in the Markdown and JSON). */
export function compareText(result: CompareResult): string {
  const head = [
    'configuration',
    ...METRIC_KEYS.map((k) => `H ${SHORT[k]}`),
    ...METRIC_KEYS.map((k) => `N ${SHORT[k]}`),
    'typo R@5',
    'p50 ms',
  ];
  const body = result.rows.map((row) => {
    const c = cells(row, false);
    return [row.config.name, ...c.heldout, ...c.natural, c.typo, c.latency];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  const notes = result.rows.flatMap((r) => r.skipped.map((s) => `  ${r.config.name}: ${s}`));
  return [
    `corpus ${result.corpus.name} (${result.corpus.memes} memes); H = held-out folds (mean of 5, ${result.heldoutQueries} queries), N = natural set (${result.naturalQueries} queries)`,
    fmt(head),
    ...body.map(fmt),
    ...(notes.length > 0 ? ['skipped:', ...notes] : []),
    `fitted on training folds (per fold; for the natural set): lexical weight ${result.fitted.lexicalWeight.folds.join(', ') || '—'} (${result.fitted.lexicalWeight.natural ?? '—'}), expansion offset ${result.fitted.expansionOffset.folds.join(', ') || '—'} (${result.fitted.expansionOffset.natural ?? '—'})`,
  ].join('\n');
}
