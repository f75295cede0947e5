import type { Command } from 'commander';
import { loadConfig } from '../../config/env.js';
import { runServer } from '../../server/start-server.js';
import { runWorker } from '../../worker/run-worker.js';
import { runCommand } from '../run-command.js';

export function registerServiceCommands(program: Command): void {
  program
    .command('serve')
    .description('run the gRPC search service (in-process batching, or BullMQ embed workers when REDIS_URL is set)')
    .option('--corpus <file>', 'corpus file (.jsonl or memepedia .tsv); default: MEMESEARCH_CORPUS or the built-in corpus')
    .option('--port <n>', 'gRPC port (default GRPC_PORT or 50051)')
    .action(
      runCommand(async (opts: { corpus?: string; port?: string }) => {
        const config = loadConfig(opts.port ? { ...process.env, GRPC_PORT: opts.port } : process.env);
        await runServer(config, { corpusPath: opts.corpus });
      }),
    );

  program
    .command('worker')
    .description('run an embed worker: takes embedding jobs from the Redis queue in continuous batches (needs REDIS_URL)')
    .action(
      runCommand(async () => {
        await runWorker(loadConfig());
      }),
    );
}
