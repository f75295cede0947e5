import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadCorpus } from '../../corpus/load-corpus.js';
import { loadSplit, splitFiles } from '../../eval/team-queries.js';
import { splitTsv, type SplitPart } from '../../eval/split.js';
import { loadConfig } from '../../config/env.js';
import { openEngine } from '../../engine.js';
import { UserError } from '../../errors.js';
import { evaluate } from '../../eval/evaluate.js';
import type { Metrics } from '../../eval/metrics.js';
import { loadQueryFile, queriesFromCorpus } from '../../eval/query-file.js';
import { createProgress } from '../../util/progress.js';
import { positiveInt, runCommand } from '../run-command.js';
import { CONFIG_SYNTAX, DEFAULT_COMPARE } from '../../eval/compare/compare-config.js';
import { runEvalCompare, type CompareCliOptions } from './eval-compare.js';
import { lintQueries, readRawQueryRows } from '../../eval/query-lint.js';

/** eval's own options plus those of --compare (commander hands them all to one action). */
interface EvalOptions extends Omit<CompareCliOptions, 'compare'> {
  queriesFromCorpus?: string;
  limit: number;
  json?: boolean;
  misses?: boolean;
  compare?: true | string[];
}

export function registerEvalCommand(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description('measure search quality on labelled queries: recall@1/5/10, MRR@10, nDCG@10')
    .option('--queries <file>', 'TSV with header "query<TAB>relevant"; relevant = meme links joined by " | "')
    .option(
      '--queries-from-corpus <column>',
      'use the corpus\'s own column (memepedia TSV: "example") as queries, each meme relevant to its own',
    )
    .option('--corpus <file>', 'corpus file (.jsonl or memepedia .tsv); default: the built-in corpus')
    .option('-k, --limit <n>', 'depth for --misses (metrics always look at the top 10)', positiveInt('-k', 100), 10)
    .option('--json', 'end the output with one JSON line of the metrics')
    .option('--misses', 'list the queries whose relevant meme is not ranked first')
    .option('--compare [configs...]', `compare configurations side by side (default: ${DEFAULT_COMPARE.join(' ')}); ${CONFIG_SYNTAX}`)
    .option(
      '--split-dir <dir>',
      'with --compare and split: where heldout/memes.txt, train/queries.tsv and heldout/queries.tsv are (default: data/)',
    )
    .option('--tuned-dir <dir>', 'with --compare: the fine-tuned models (split/, all/); default: <cache>/training/e5-small-memes')
    .option('--chart <file.svg>', 'with --compare: write the comparison as an SVG chart')
    .option('--markdown <file.md>', 'with --compare: write the comparison as a Markdown table')
    .option('--json-out <file>', 'with --compare: write every number as JSON')
    .option(
      '--latency-queries <n>',
      'with --compare: queries timed one by one per configuration',
      positiveInt('--latency-queries', 10_000),
      40,
    )
    .action(
      runCommand(async (opts: EvalOptions) => {
        if (opts.compare !== undefined) return runEvalCompare({ ...opts, compare: opts.compare });
        if (!opts.queries === !opts.queriesFromCorpus)
          throw new UserError('give exactly one of --queries FILE or --queries-from-corpus COLUMN');
        const engine = await openEngine(loadConfig(), { corpusPath: opts.corpus, progress: true });
        try {
          const queries = opts.queries
            ? await loadQueryFile(opts.queries, engine.corpus)
            : queriesFromCorpus(engine.corpus, opts.queriesFromCorpus!);
          if (queries.length === 0) throw new UserError('no queries to evaluate');
          const bar = createProgress('evaluating', queries.length, 'queries');
          const report = await evaluate(engine.core, queries, opts.limit, (n) => bar.increment(n)).finally(() => bar.stop());
          if (opts.misses) {
            for (const m of report.misses) {
              const top = m.top.map((t) => `${t.id} (${t.score.toFixed(3)})`).join(', ');
              process.stdout.write(
                `miss row ${m.row}: «${m.query}» wants ${m.relevant.join(' | ')} → rank ${m.rank ?? `>${opts.limit}`}; top: ${top}\n`,
              );
            }
          }
          const { metrics, byStyle } = report;
          const keys = ['recall@1', 'recall@5', 'recall@10', 'mrr@10', 'ndcg@10'] as const;
          const styles = Object.keys(byStyle);
          // With a style column: one column per style beside the overall one.
          const columns: Array<[string, Metrics]> = [['all', metrics], ...styles.map((s): [string, Metrics] => [s, byStyle[s]!])];
          const width = Math.max(9, ...columns.map(([name, m]) => `${name} (${m.n})`.length));
          process.stdout.write(
            `eval: ${metrics.n} queries, corpus ${engine.corpus.name} (${engine.corpus.memes.length} memes), model ${engine.spec.id}, ${report.seconds.toFixed(1)} s\n` +
              (styles.length > 0
                ? `  ${''.padEnd(10)} ${columns.map(([name, m]) => `${name} (${m.n})`.padStart(width)).join(' ')}\n`
                : '') +
              keys.map((key) => `  ${key.padEnd(10)} ${columns.map(([, m]) => m[key].toFixed(4).padStart(width)).join(' ')}`).join('\n') +
              '\n',
          );
          if (opts.json) {
            const round = (m: Metrics) => ({ ...Object.fromEntries(keys.map((k) => [k, Number(m[k].toFixed(4))])), n: m.n });
            const byStyleJson = Object.fromEntries(styles.map((s) => [s, round(byStyle[s]!)]));
            process.stdout.write(JSON.stringify({ ...round(metrics), ...(styles.length > 0 ? { by_style: byStyleJson } : {}) }) + '\n');
          }
        } finally {
          await engine.close();
        }
      }),
    );
  evalCommand
    .command('split')
    .description(
      'write every labelled (query, meme) pair of the corpus with its part of the split (train, validation, heldout) as TSV for training',
    )
    .requiredOption('--out <file>', 'where to write the TSV')
    .action(
      runCommand(async (opts: { out: string }) => {
        // --corpus is eval's own option: commander hands it to the parent even after "split".
        const corpus = evalCommand.opts<EvalOptions>().corpus;
        if (!corpus)
          throw new UserError('give --corpus FILE: the memepedia corpus the split is over (e.g. ../shared/data/memepedia-irinba.tsv)');
        const { rows, parts } = await loadSplit(await loadCorpus(corpus), splitFiles(evalCommand.opts<EvalOptions>().splitDir));
        await mkdir(dirname(resolve(opts.out)), { recursive: true });
        await writeFile(opts.out, splitTsv(rows));
        const count = (p: SplitPart) => [...parts.values()].filter((x) => x === p).length;
        const pairs = (p: SplitPart) => rows.filter((r) => r.part === p).length;
        process.stdout.write(
          `wrote ${rows.length} pairs to ${opts.out}: memes train ${count('train')} / validation ${count('validation')} / heldout ${count('heldout')}, ` +
            `pairs ${pairs('train')} / ${pairs('validation')} / ${pairs('heldout')}\n`,
        );
      }),
    );
  evalCommand
    .command('lint')
    .description('check hand-written queries against their corpus: links, copied words, situations naming the meme, duplicates')
    .option('--min-per-meme <n>', 'also report memes with fewer queries than this', positiveInt('--min-per-meme', 1000))
    .action(
      runCommand(async (opts: { minPerMeme?: number }) => {
        // --queries and --corpus are eval's own options: commander hands them to the parent.
        const { corpus: corpusPath, queries } = evalCommand.opts<EvalOptions>();
        if (!queries) throw new UserError('give --queries FILE: a TSV with the columns query, relevant, style');
        const corpus = await loadCorpus(corpusPath);
        const report = lintQueries(await readRawQueryRows(queries), corpus);
        for (const p of report.problems) process.stdout.write(`row ${p.row}: ${p.problem}: «${p.query}»\n`);
        const styles = [...report.byStyle.entries()].map(([s, n]) => `${s} ${n} (${((100 * n) / report.rows).toFixed(0)}%)`);
        process.stdout.write(`${report.rows} queries for ${report.perMeme.size} memes of ${corpus.name}; ${styles.join(', ')}\n`);
        if (opts.minPerMeme) {
          const few = corpus.memes.filter((m) => (report.perMeme.get(m.id) ?? 0) < opts.minPerMeme!);
          process.stdout.write(`${few.length} memes of the corpus have fewer than ${opts.minPerMeme} queries\n`);
        }
        if (report.problems.length > 0) throw new UserError(`${report.problems.length} problems in ${queries}`);
        process.stdout.write('no problems\n');
      }),
    );
}
