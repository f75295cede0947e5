import type { Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { corpusHash, loadCorpus } from '../../corpus/load-corpus.js';
import { corpusKey, openEncoder, openEngine } from '../../engine.js';
import { corpusIndexDir } from '../../index/index-artifact.js';
import { activateVersion, listVersions, pruneVersions } from '../../server/index-versions.js';
import { positiveInt, runCommand } from '../run-command.js';

const CORPUS_OPTION = ['--corpus <file>', 'corpus file (.jsonl or memepedia .tsv); default: the built-in corpus'] as const;

/** Running services keep the version they loaded until told: the one step operators forget. */
const RELOAD_HINT =
  'running services keep serving their version until reloaded: `npx memesearch client reload --address host:port,…` or SIGHUP to each `memesearch serve`';

export function registerIndexCommands(program: Command): void {
  const index = program.command('index').description('build search indexes, list their versions, switch between them');
  index
    .command('build')
    .description('embed a corpus and write a new versioned index artifact (becomes the current one)')
    .option(...CORPUS_OPTION)
    .option('--keep <n>', 'afterwards, delete all but the n newest versions (never the current one)', positiveInt('--keep', 1000))
    .action(
      runCommand(async (opts: { corpus?: string; keep?: number }) => {
        const started = performance.now();
        const config = loadConfig();
        const engine = await openEngine(config, { corpusPath: opts.corpus, rebuild: true, progress: true });
        try {
          const { meta, dir } = engine.artifact;
          const seconds = (performance.now() - started) / 1000;
          for (const d of engine.corpus.dropped)
            process.stderr.write(`dropped row ${d.row}${d.title ? ` (${d.title})` : ''}: ${d.reason}\n`);
          process.stdout.write(
            `built index ${meta.version}: ${meta.count} memes, ${meta.dimension} dims, model ${meta.modelId}, ${engine.corpus.dropped.length} rows dropped, ${seconds.toFixed(1)} s\n  ${dir}\n`,
          );
          if (opts.keep) {
            const removed = await pruneVersions(corpusIndexDir(config.MEMESEARCH_CACHE_DIR, corpusKey(engine.corpus)), opts.keep);
            if (removed.length > 0) process.stdout.write(`removed ${removed.length} old version(s): ${removed.join(', ')}\n`);
          }
          process.stderr.write(`hint: ${RELOAD_HINT}\n`);
        } finally {
          await engine.close();
        }
      }),
    );

  index
    .command('list')
    .description('the index versions of a corpus, newest first; * marks the one CURRENT points to')
    .option(...CORPUS_OPTION)
    .option('--json', 'one JSON object')
    .action(
      runCommand(async (opts: { corpus?: string; json?: boolean }) => {
        const corpus = await loadCorpus(opts.corpus);
        const root = corpusIndexDir(loadConfig().MEMESEARCH_CACHE_DIR, corpusKey(corpus));
        const { current, versions } = await listVersions(root);
        const hash = corpusHash(corpus.memes);
        if (opts.json) {
          const rows = versions.map((v) => ({
            version: v.version,
            current: v.current,
            memes: v.meta?.count,
            modelId: v.meta?.modelId,
            builtAt: v.meta?.builtAt,
            corpusMatches: v.meta ? v.meta.corpusHash === hash : undefined,
            checksums: v.meta ? Boolean(v.meta.files) : undefined,
            problem: v.problem,
          }));
          process.stdout.write(JSON.stringify({ root, current: current ?? null, versions: rows }) + '\n');
          return;
        }
        if (versions.length === 0) {
          process.stdout.write(
            `no index versions in ${root}\nbuild one: npx memesearch index build${opts.corpus ? ` --corpus ${opts.corpus}` : ''}\n`,
          );
          return;
        }
        const lines = versions.map((v) => {
          const mark = v.current ? '*' : ' ';
          if (!v.meta) return `${mark} ${v.version}  unreadable: ${v.problem}`;
          const m = v.meta;
          const corpusNote = m.corpusHash === hash ? '' : '  (built from other corpus content than the file has now)';
          return `${mark} ${v.version}  ${m.count} memes  ${m.modelId}  built ${m.builtAt}${m.files ? '' : '  (no checksums)'}${corpusNote}`;
        });
        if (current && !versions.some((v) => v.current)) lines.push(`! CURRENT points to ${current}, which does not exist`);
        process.stdout.write(`index versions in ${root}:\n${lines.join('\n')}\n`);
      }),
    );

  index
    .command('activate')
    .description('point CURRENT at an existing version after verifying it (e.g. to roll back); then reload the services')
    .argument('<version>', 'a version name from `index list`')
    .option(...CORPUS_OPTION)
    .action(
      runCommand(async (version: string, opts: { corpus?: string }) => {
        const config = loadConfig();
        const corpus = await loadCorpus(opts.corpus);
        const root = corpusIndexDir(config.MEMESEARCH_CACHE_DIR, corpusKey(corpus));
        const { identity } = await openEncoder(config);
        const { previous, meta } = await activateVersion(root, version, identity);
        process.stdout.write(
          previous === version
            ? `CURRENT already points to ${version}\n`
            : `CURRENT → ${version} (${meta.count} memes, built ${meta.builtAt}); was ${previous ?? 'unset'}\n`,
        );
        if (meta.corpusHash !== corpusHash(corpus.memes)) {
          process.stderr.write(
            `note: ${version} was built from other content than ${opts.corpus ?? 'the built-in corpus'} has now; a service started afresh on that file rebuilds the index from the file\n`,
          );
        }
        process.stderr.write(`hint: ${RELOAD_HINT}\n`);
      }),
    );
}
