import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../../config/env.js';
import { loadCorpus } from '../../corpus/load-corpus.js';
import { UserError } from '../../errors.js';
import { compareChartSvg } from '../../eval/compare/compare-chart.js';
import { DEFAULT_COMPARE, parseCompareConfig } from '../../eval/compare/compare-config.js';
import { compareMarkdown, compareText } from '../../eval/compare/compare-report.js';
import { buildQuerySets } from '../../eval/compare/query-sets.js';
import { runCompare } from '../../eval/compare/run-compare.js';
import { loadQueryFile } from '../../eval/query-file.js';
import { loadSplit, splitFiles } from '../../eval/team-queries.js';
import { buildLexicalSearch, buildSpeller } from '../../search/text-retrieval.js';

export interface CompareCliOptions {
  compare: true | string[];
  corpus?: string;
  queries?: string;
  splitDir?: string;
  tunedDir?: string;
  chart?: string;
  markdown?: string;
  jsonOut?: string;
  latencyQueries: number;
}

async function writeOut(path: string, text: string): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFile(path, text);
}

/** `eval --compare`: several configurations on the held-out split and the natural set, as tables and a chart. */
export async function runEvalCompare(opts: CompareCliOptions): Promise<void> {
  const configs = (opts.compare === true ? DEFAULT_COMPARE : opts.compare).map(parseCompareConfig);
  if (new Set(configs.map((c) => c.name)).size !== configs.length) throw new UserError('a configuration is listed twice');
  if (!opts.corpus)
    throw new UserError(
      '--compare needs --corpus FILE: the memepedia corpus the split is over',
      'e.g. --corpus ../shared/data/memepedia-irinba.tsv',
    );
  const config = loadConfig();
  const corpus = await loadCorpus(opts.corpus);
  const split = await loadSplit(corpus, splitFiles(opts.splitDir));
  const natural = opts.queries ? await loadQueryFile(opts.queries, corpus) : [];
  const result = await runCompare({
    config,
    configs,
    corpus,
    sets: buildQuerySets(split, natural),
    tunedDir: opts.tunedDir ?? join(config.MEMESEARCH_CACHE_DIR, 'training', 'e5-small-memes'),
    latencyQueries: opts.latencyQueries,
    progress: true,
    buildLexical: (c, kinds) => buildLexicalSearch(c.memes, kinds),
    buildSpeller: (c) => buildSpeller(c.memes),
  });
  process.stdout.write(compareText(result) + `\n(${result.seconds.toFixed(0)} s)\n`);
  if (opts.markdown) await writeOut(opts.markdown, compareMarkdown(result));
  if (opts.chart) await writeOut(opts.chart, await compareChartSvg(result));
  if (opts.jsonOut)
    await writeOut(
      opts.jsonOut,
      JSON.stringify({ ...result, rows: result.rows.map((r) => ({ ...r, config: r.config.name, settings: r.config })) }, null, 2) + '\n',
    );
  for (const [what, file] of [
    ['table', opts.markdown],
    ['chart', opts.chart],
    ['json', opts.jsonOut],
  ] as const)
    if (file) process.stderr.write(`${what}: ${file}\n`);
}
