import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EmbedWorker } from '../batching/embed-worker.js';
import { SearchClient } from '../client/search-client.js';
import type { Config } from '../config/env.js';
import { openEncoder } from '../engine.js';
import { createLogger } from '../logging/logger.js';
import { startServer } from '../server/start-server.js';

/**
 * The scaled-out path in one process for the benchmark: an embed worker with its own model and a
 * search service that reaches it only through the Redis queue (a fresh prefix, removed at stop).
 */
export async function startRedisPath(config: Config & { REDIS_URL: string }, corpusPath?: string) {
  const prefix = `memesearch-bench-${randomUUID().slice(0, 8)}`;
  const cfg: Config = { ...config, EMBED_QUEUE_PREFIX: prefix };
  const log = createLogger('silent', 'bench');
  const { encoder, identity } = await openEncoder(cfg);
  await encoder.load();
  const worker = new EmbedWorker({
    redisUrl: config.REDIS_URL,
    queueName: cfg.EMBED_QUEUE_NAME,
    prefix,
    encoder,
    modelSha256: identity.modelSha256,
    maxBatch: cfg.EMBED_MAX_BATCH,
    logger: log,
  });
  const server = await startServer(cfg, { corpusPath, log });
  const client = new SearchClient(`127.0.0.1:${server.port}`, 120_000);
  return {
    client,
    stop: async () => {
      client.close();
      await server.stop();
      await worker.close();
      await encoder.dispose();
      const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
      const queue = new Queue(cfg.EMBED_QUEUE_NAME, { prefix, connection });
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      await connection.quit();
    },
  };
}
