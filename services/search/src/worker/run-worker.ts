import { EmbedWorker } from '../batching/embed-worker.js';
import type { Config } from '../config/env.js';
import { openEncoder } from '../engine.js';
import { UserError } from '../errors.js';
import { createLogger } from '../logging/logger.js';

/**
 * `memesearch worker`, the embed worker process's composition root: the local model behind a
 * BullMQ worker on the embed queue. Runs until SIGINT/SIGTERM, then shuts down in order (stop
 * taking jobs → finish the jobs in flight → close the worker and its batcher → quit Redis → free
 * the ONNX session) and resolves, so the process exits 0.
 */
export async function runWorker(config: Config): Promise<void> {
  if (!config.REDIS_URL) {
    throw new UserError(
      'the embed worker needs REDIS_URL (the queue it takes jobs from)',
      'set REDIS_URL=redis://host:6379 (the same value as the search service)',
    );
  }
  const log = createLogger(config.LOG_LEVEL, 'embed-worker');
  const { encoder, identity } = await openEncoder(config);
  let worker: EmbedWorker | undefined;
  // Listening from here on: a signal while Redis is still unreachable must end the wait for it too.
  const signalled = onFirstSignal();
  try {
    await encoder.load();
    worker = new EmbedWorker({
      redisUrl: config.REDIS_URL,
      queueName: config.EMBED_QUEUE_NAME,
      prefix: config.EMBED_QUEUE_PREFIX,
      encoder,
      modelSha256: identity.modelSha256,
      maxBatch: config.EMBED_MAX_BATCH,
      logger: log,
    });
    const started = await Promise.race([worker.waitUntilReady().then(() => true), signalled.promise.then(() => false)]);
    if (started) {
      log.info(
        { queue: config.EMBED_QUEUE_NAME, prefix: config.EMBED_QUEUE_PREFIX, maxBatch: config.EMBED_MAX_BATCH, model: identity.modelId },
        'embed worker ready',
      );
      process.stderr.write(
        `memesearch embed worker on queue ${config.EMBED_QUEUE_PREFIX}:${config.EMBED_QUEUE_NAME}, batches of up to ${config.EMBED_MAX_BATCH}\n`,
      );
    }
    const signal = await signalled.promise;
    log.info({ signal }, 'shutting down: stop taking jobs, finish the ones in flight');
    process.stderr.write(`${signal}: shutting down\n`);
    await worker.close();
    log.info('embed worker stopped');
  } finally {
    signalled.dispose();
    await worker?.close();
    await encoder.dispose();
  }
}

/** The first SIGINT or SIGTERM; a second one gets Node's default handling (exit at once). */
function onFirstSignal(): { promise: Promise<NodeJS.Signals>; dispose: () => void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      dispose();
      resolve(signal);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { promise, dispose };
}
