import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CompareResult } from './run-compare.js';
import { METRIC_KEYS } from './run-compare.js';

/**
 * The comparison as an SVG bar chart (one panel per query set, bars per metric, the held-out
 * spread as error bars), rendered headless by Vega: no browser and no canvas needed.
 */
export async function compareChartSvg(result: CompareResult): Promise<string> {
  const values = result.rows.flatMap((row) => {
    const label = `${row.config.name}${row.latencyP50Ms === undefined ? '' : ` (${row.latencyP50Ms.toFixed(0)} ms)`}`;
    return METRIC_KEYS.flatMap((metric) => [
      ...(row.heldout
        ? [
            {
              config: label,
              set: `held-out folds (${result.heldoutQueries} queries)`,
              metric,
              value: row.heldout.mean[metric],
              lo: row.heldout.mean[metric] - row.heldout.std[metric],
              hi: row.heldout.mean[metric] + row.heldout.std[metric],
            },
          ]
        : []),
      ...(row.natural
        ? [{ config: label, set: `natural set (${result.naturalQueries} queries)`, metric, value: row.natural[metric], lo: null, hi: null }]
        : []),
    ]);
  });
  const order = result.rows.map((r) => `${r.config.name}${r.latencyP50Ms === undefined ? '' : ` (${r.latencyP50Ms.toFixed(0)} ms)`}`);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `memesearch: search quality by configuration (corpus ${result.corpus.name}, ${result.corpus.memes} memes)`,
      subtitle: 'bars: mean; whiskers: ±1 sd over the 5 held-out folds; label: query p50 latency',
    },
    data: { values },
    facet: { row: { field: 'set', type: 'nominal', title: null } },
    spec: {
      width: Math.max(420, result.rows.length * 70),
      height: 220,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'config', type: 'nominal', sort: order, title: null, axis: { labelAngle: -30, labelLimit: 220 } },
            xOffset: { field: 'metric', sort: [...METRIC_KEYS] },
            y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
            color: { field: 'metric', type: 'nominal', sort: [...METRIC_KEYS], title: 'metric' },
          },
        },
        {
          mark: { type: 'rule', color: 'black' },
          encoding: {
            x: { field: 'config', type: 'nominal', sort: order },
            xOffset: { field: 'metric', sort: [...METRIC_KEYS] },
            y: { field: 'lo', type: 'quantitative' },
            y2: { field: 'hi' },
          },
        },
      ],
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
