import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CompareResult } from './run-compare.js';

/**
 * The comparison as an SVG bar chart: one panel per query set (held-out split, natural set), a group
 * of bars per configuration: R@5 over all queries and per query style, MRR@10 over all. Rendered
 * headless by Vega: no browser and no canvas needed.
 */
export async function compareChartSvg(result: CompareResult): Promise<string> {
  const label = (name: string, ms: number | undefined) => `${name}${ms === undefined ? '' : ` (${ms.toFixed(0)} ms)`}`;
  const sets = [
    { key: 'heldout', title: `held-out split (${result.queries.heldout} queries)` },
    { key: 'natural', title: `natural set (${result.queries.natural} queries)` },
  ] as const;
  const values = result.rows.flatMap((row) =>
    sets.flatMap(({ key, title }) => {
      const m = row[key];
      if (!m) return [];
      const config = label(row.config.name, row.latencyP50Ms);
      return [
        { config, set: title, metric: 'R@5 all', value: m['recall@5'] },
        { config, set: title, metric: 'MRR@10 all', value: m['mrr@10'] },
        ...Object.entries(m.byStyle).map(([style, s]) => ({ config, set: title, metric: `R@5 ${style}`, value: s['recall@5'] })),
      ];
    }),
  );
  const order = result.rows.map((r) => label(r.config.name, r.latencyP50Ms));
  const metrics = [...new Set(values.map((v) => v.metric))];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `memesearch: search quality by configuration (corpus ${result.corpus.name}, ${result.corpus.memes} memes)`,
      subtitle: 'R@5 over all queries and by query style, MRR@10; label: one-query p50 latency',
    },
    data: { values },
    facet: { row: { field: 'set', type: 'nominal', title: null } },
    spec: {
      width: Math.max(480, result.rows.length * 80),
      height: 220,
      mark: 'bar',
      encoding: {
        x: { field: 'config', type: 'nominal', sort: order, title: null, axis: { labelAngle: -30, labelLimit: 220 } },
        xOffset: { field: 'metric', sort: metrics },
        y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
        color: { field: 'metric', type: 'nominal', sort: metrics, title: 'metric' },
      },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
