import type { Metrics } from '../metrics.js';
import type { CompareResult, CompareRow, MetricKey, SetMetrics } from './run-compare.js';
import { METRIC_KEYS } from './run-compare.js';

const SHORT: Record<MetricKey, string> = { 'recall@1': 'R@1', 'recall@5': 'R@5', 'recall@10': 'R@10', 'mrr@10': 'MRR', 'ndcg@10': 'nDCG' };

type SetName = 'heldout' | 'natural';

/** The styles present in a set over all rows, in a fixed order (the team's four first). */
function stylesOf(result: CompareResult, set: SetName): string[] {
  const seen = new Set(result.rows.flatMap((r) => Object.keys(r[set]?.byStyle ?? {})));
  const order = ['situation', 'picture', 'typo', 'short'];
  return [...order.filter((s) => seen.has(s)), ...[...seen].filter((s) => !order.includes(s)).sort()];
}

const f = (m: Metrics | undefined, k: MetricKey) => (m ? m[k].toFixed(3) : '—');

function weights(row: CompareRow): string {
  return row.fitted ? row.fitted.map((c) => `${c.kind} ${c.weight}`).join(', ') : '';
}

function header(result: CompareResult, set: SetName): string[] {
  return [
    'configuration',
    ...METRIC_KEYS.map((k) => SHORT[k]),
    ...stylesOf(result, set).map((s) => {
      const n = result.rows.find((r) => r[set]?.byStyle[s])?.[set]?.byStyle[s]?.n ?? 0;
      return `${s} R@5 (${n})`;
    }),
    'weights',
    'p50 ms',
  ];
}

function cells(result: CompareResult, set: SetName, row: CompareRow): string[] {
  const m: SetMetrics | undefined = row[set];
  return [
    ...METRIC_KEYS.map((k) => f(m, k)),
    ...stylesOf(result, set).map((s) => f(m?.byStyle[s], 'recall@5')),
    weights(row),
    row.latencyP50Ms === undefined ? '—' : row.latencyP50Ms.toFixed(1),
  ];
}

function markdownTable(result: CompareResult, set: SetName): string {
  const head = header(result, set);
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 || i === head.length - 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of result.rows) lines.push(`| \`${row.config.name}\` | ${cells(result, set, row).join(' | ')} |`);
  return lines.join('\n');
}

/** The comparison as Markdown: the held-out table (what defaults are chosen on) and the natural-set table. */
export function compareMarkdown(result: CompareResult): string {
  const { queries, corpus } = result;
  return [
    `**Held-out split** (${queries.heldout} queries over the ${corpus.memes} memes of ${corpus.name}; models trained without these memes, weights fitted on ${queries.validation} validation queries):`,
    '',
    markdownTable(result, 'heldout'),
    '',
    `**Natural set** (${queries.natural} queries, another writer, every meme; the shipped models, trained on every meme):`,
    '',
    markdownTable(result, 'natural'),
    '',
  ].join('\n');
}

function textTable(result: CompareResult, set: SetName): string[] {
  const head = header(result, set);
  const body = result.rows.map((row) => [row.config.name, ...cells(result, set, row)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((x, i) => (i === 0 || i === r.length - 2 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  return [fmt(head), ...body.map(fmt)];
}

/** The same for a terminal: aligned columns. */
export function compareText(result: CompareResult): string {
  const { queries, corpus } = result;
  const notes = result.rows.flatMap((r) => r.skipped.map((s) => `  ${r.config.name}: ${s}`));
  return [
    `corpus ${corpus.name} (${corpus.memes} memes)`,
    `held-out split: ${queries.heldout} queries (weights fitted on ${queries.validation} validation queries)`,
    ...textTable(result, 'heldout'),
    ...(queries.natural > 0 ? [`natural set: ${queries.natural} queries (shipped models)`, ...textTable(result, 'natural')] : []),
    ...(notes.length > 0 ? ['skipped:', ...notes] : []),
  ].join('\n');
}
