import type { Command } from 'commander';
import { SearchClient } from '../../client/search-client.js';
import { snippet } from '../format.js';
import { positiveInt, runCommand } from '../run-command.js';
import { UserError } from '../../errors.js';

interface ClientOptions {
  address: string;
  deadline: number;
}

/** Turns a gRPC failure into a user-facing error: status name and the server's message. */
function grpcFailure(err: unknown): never {
  const e = err as { code?: number; details?: string; message?: string };
  if (typeof e.code === 'number') {
    throw new UserError(
      `the search service answered ${grpcStatusName(e.code)}: ${e.details ?? e.message}`,
      e.code === 14 ? 'is `npx memesearch serve` running at that address?' : undefined,
    );
  }
  throw err;
}

const NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
const grpcStatusName = (code: number) => NAMES[code] ?? String(code);

/** One replica's failure on one line: status name and the server's message. */
function describeFailure(err: unknown): string {
  const e = err as { code?: number; details?: string; message?: string };
  return typeof e.code === 'number' ? `${grpcStatusName(e.code)}: ${e.details ?? e.message}` : String((err as Error)?.message ?? err);
}

export function registerClientCommands(program: Command): void {
  const client = program
    .command('client')
    .description('talk to a running search service over gRPC')
    .option('--address <host:port>', 'service address', process.env.MEMESEARCH_ADDRESS ?? '127.0.0.1:50051')
    .option('--deadline <ms>', 'per-call deadline', positiveInt('--deadline', 600_000), 5000);

  const withClient = async (fn: (c: SearchClient) => Promise<void>) => {
    const opts = client.opts<ClientOptions>();
    const c = new SearchClient(opts.address, opts.deadline);
    try {
      await fn(c).catch(grpcFailure);
    } finally {
      c.close();
    }
  };

  client
    .command('search')
    .description('search through the service')
    .argument('<query...>', 'the situation')
    .option('-k, --limit <n>', 'how many results', positiveInt('-k', 50), 5)
    .option('--json', 'print the response as JSON')
    .action(
      runCommand((words: string[], opts: { limit: number; json?: boolean }) =>
        withClient(async (c) => {
          const res = await c.search({ query: words.join(' '), limit: opts.limit, client: { platform: 'cli' } });
          if (opts.json) {
            process.stdout.write(JSON.stringify(res) + '\n');
            return;
          }
          const lines = res.results.map(
            (r) =>
              `${r.rank}. ${r.meme?.title}  (${r.score.toFixed(3)})\n   ${r.meme?.source_url || '(no link)'}\n   ${snippet(r.meme?.description ?? '')}`,
          );
          process.stdout.write(
            `${lines.join('\n\n') || 'nothing found'}\n\nquery_id ${res.query_id}, model ${res.model_id}, index ${res.index_version}, ${res.server_time_ms.toFixed(1)} ms in the server\n`,
          );
        }),
      ),
    );

  client
    .command('get')
    .description('one meme by id')
    .argument('<id>')
    .action(
      runCommand((id: string) => withClient(async (c) => void process.stdout.write(JSON.stringify(await c.getMeme(id), null, 2) + '\n'))),
    );

  /** `--address a,b,…`: the replicas an admin command talks to, each on its own. */
  const replicas = (): string[] => {
    const list = client
      .opts<ClientOptions>()
      .address.split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (list.length === 0) throw new UserError('--address names no replica', 'e.g. --address 127.0.0.1:50051,127.0.0.1:50052');
    return list;
  };
  // Loading and verifying a big index takes longer than a search: unless --deadline was given.
  const adminDeadline = () => (client.getOptionValueSource('deadline') === 'default' ? 120_000 : client.opts<ClientOptions>().deadline);
  // A secret: from the environment only, never a command-line argument (visible in `ps`).
  const adminToken = () => process.env.ADMIN_TOKEN || undefined;

  client
    .command('reload')
    .description('make every replica in --address (comma-separated) load an index version and swap it in')
    .option('--version <version>', 'the version to load (default: the one CURRENT points to)')
    .option('--json', 'one JSON line per replica')
    .addHelpText('after', '\nReplicas with ADMIN_TOKEN set need the same ADMIN_TOKEN in this environment.')
    .action(
      runCommand(async (opts: { version?: string; json?: boolean }) => {
        const addresses = replicas();
        const results = await Promise.all(
          addresses.map(async (address) => {
            const c = new SearchClient(address, adminDeadline());
            try {
              return { address, ok: true as const, res: await c.reloadIndex(opts.version, { adminToken: adminToken() }) };
            } catch (err) {
              return { address, ok: false as const, error: describeFailure(err) };
            } finally {
              c.close();
            }
          }),
        );
        for (const r of results) {
          if (opts.json) {
            process.stdout.write(JSON.stringify(r.ok ? { address: r.address, ok: true, ...r.res } : r) + '\n');
          } else if (r.ok) {
            const { res } = r;
            process.stdout.write(
              res.changed
                ? `${r.address}  reloaded  ${res.version}  (${res.memes} memes, was ${res.previous_version}, ${res.load_ms.toFixed(0)} ms)\n`
                : `${r.address}  unchanged  ${res.version}  (already served)\n`,
            );
          } else {
            process.stdout.write(`${r.address}  FAILED  ${r.error}\n`);
          }
        }
        const failed = results.filter((r) => !r.ok).length;
        if (failed > 0) {
          throw new UserError(
            `${failed} of ${results.length} replica(s) did not reload; those keep serving their previous version`,
            'fix the cause and run the same command again (replicas already on the version answer "unchanged")',
          );
        }
      }),
    );

  client
    .command('info')
    .description('the index version each replica in --address serves, and where CURRENT points')
    .action(
      runCommand(async () => {
        let failed = 0;
        for (const address of replicas()) {
          const c = new SearchClient(address, client.opts<ClientOptions>().deadline);
          try {
            const info = await c.indexInfo({ adminToken: adminToken() });
            const behind = info.current_version && info.current_version !== info.version ? `  (CURRENT is ${info.current_version})` : '';
            process.stdout.write(`${address}  ${info.version}  ${info.memes} memes  loaded ${info.loaded_at}${behind}\n`);
          } catch (err) {
            failed++;
            process.stdout.write(`${address}  FAILED  ${describeFailure(err)}\n`);
          } finally {
            c.close();
          }
        }
        if (failed > 0) throw new UserError(`${failed} replica(s) did not answer`);
      }),
    );

  client
    .command('health')
    .description('grpc.health.v1 status of the service')
    .action(runCommand(() => withClient(async (c) => void process.stdout.write(`${await c.health()}\n`))));
}
