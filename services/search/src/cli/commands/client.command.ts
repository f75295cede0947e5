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

  client
    .command('health')
    .description('grpc.health.v1 status of the service')
    .action(runCommand(() => withClient(async (c) => void process.stdout.write(`${await c.health()}\n`))));
}
