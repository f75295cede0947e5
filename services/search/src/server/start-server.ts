import { CachedEmbedder } from '../batching/cached-embedder.js';
import { ContinuousBatcher } from '../batching/continuous-batcher.js';
import type { QueryEmbedder } from '../batching/query-embedder.js';
import { RedisEmbedder } from '../batching/redis-embedder.js';
import type { Config } from '../config/env.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { openEncoder, resolveIndex } from '../engine.js';
import { createSearchServer, type SearchServer } from '../grpc/create-server.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { Metrics } from '../metrics/metrics.js';
import { startMetricsServer } from '../metrics/metrics-server.js';
import { SearchCore } from '../search/search-core.js';
import { prepareServedIndex, retrievalSettings } from '../search/served-index.js';
import type { IndexArtifact } from '../index/index-artifact.js';
import { FeedbackService } from '../feedback/feedback-service.js';
import { ImpressionBuffer } from '../feedback/impression-buffer.js';
import { openFeedbackStore } from '../feedback/open-feedback-store.js';
import { loadOrCreateSecret } from '../feedback/user-hash.js';
import { DEFAULT_PRIOR_WEIGHTS } from '../ranking/popularity-priors.js';
import { PriorsRefresher } from '../ranking/priors-refresher.js';
import { IndexReloader } from './index-reloader.js';
import { join } from 'node:path';

export interface RunningServer {
  port: number;
  metricsPort: number | undefined;
  core: SearchCore;
  grpc: SearchServer;
  /** Hot reload of the index (SIGHUP and AdminService.ReloadIndex go through it). */
  reloader: IndexReloader;
  /** The feedback parts (tests and benchmarks look inside). */
  feedback: Awaited<ReturnType<typeof openFeedback>>;
  /** Ordered shutdown: stop intake → drain calls → close embedder (workers, Redis) → free the model. */
  stop(): Promise<void>;
}

export interface StartOptions {
  corpusPath?: string;
  log?: Logger;
  metrics?: Metrics;
}

/**
 * The search service's composition root: index (built if the corpus or model changed), the
 * embedder (in-process continuous batching, or BullMQ to embed workers when REDIS_URL is set),
 * the LRU in front, the gRPC server with health and reflection, and /metrics.
 */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL, 'search');
  const metrics = opts.metrics ?? new Metrics();
  const { encoder, identity } = await openEncoder(config);
  let embedder: QueryEmbedder | undefined;
  try {
    const corpus = await loadCorpus(opts.corpusPath ?? config.MEMESEARCH_CORPUS);
    const { artifact, built } = await resolveIndex(config, identity, corpus, encoder);
    log.info({ index: artifact.meta.version, memes: artifact.meta.count, built }, 'index ready');

    if (config.REDIS_URL) {
      // Replicas stay light: the model lives in the embed workers. It was only loaded here if
      // the index had to be built.
      await encoder.dispose();
      embedder = new RedisEmbedder({
        redisUrl: config.REDIS_URL,
        queueName: config.EMBED_QUEUE_NAME,
        prefix: config.EMBED_QUEUE_PREFIX,
        modelId: identity.modelId,
        timeoutMs: config.EMBED_TIMEOUT_MS,
        logger: log,
      });
    } else {
      await encoder.load();
      embedder = new ContinuousBatcher(encoder, identity.modelSha256, config.EMBED_MAX_BATCH, metrics.batchObserver());
    }
    const front: QueryEmbedder =
      config.EMBED_CACHE_SIZE > 0
        ? new CachedEmbedder(embedder, identity.modelId, config.EMBED_CACHE_SIZE, metrics.cacheObserver())
        : embedder;
    embedder = front;

    const feedbackParts = await openFeedback(config, log, metrics);
    const { store, buffer, refresher } = feedbackParts;
    const settings = retrievalSettings(config);
    const prepare = (a: IndexArtifact) => prepareServedIndex(a, settings);
    const core = new SearchCore(front, await prepare(artifact), refresher ? () => refresher.current : undefined);
    const reloader = new IndexReloader(core, identity, log, metrics.indexObserver(), prepare);
    const grpc = createSearchServer(core, feedbackParts.service, { log, metrics }, { reloader, token: config.ADMIN_TOKEN });
    const port = await grpc.listen(config.GRPC_HOST, config.GRPC_PORT);
    const metricsServer =
      config.METRICS_PORT > 0 ? await startMetricsServer(metrics.registry, config.GRPC_HOST, config.METRICS_PORT) : undefined;
    // Health follows the embedder: NOT_SERVING while Redis (if configured) is unreachable.
    const ready = front;
    grpc.setServing(ready.ready());
    const healthTimer = setInterval(() => grpc.setServing(ready.ready()), 1000);
    healthTimer.unref();
    log.info(
      { port, metricsPort: metricsServer?.port, embedder: config.REDIS_URL ? 'redis' : 'in-process', model: identity.modelId },
      'search service ready',
    );

    let stopping: Promise<void> | undefined;
    return {
      port,
      metricsPort: metricsServer?.port,
      core,
      grpc,
      reloader,
      feedback: feedbackParts,
      stop: () =>
        (stopping ??= (async () => {
          clearInterval(healthTimer);
          log.info('shutting down: stop intake, drain in-flight calls');
          await grpc.shutdown(config.SHUTDOWN_GRACE_MS);
          clearInterval(feedbackParts.retentionTimer);
          await buffer.close();
          await refresher?.close();
          await store.close();
          await ready.close();
          await encoder.dispose();
          await metricsServer?.close();
          log.info('shut down');
        })()),
    };
  } catch (err) {
    await embedder?.close().catch(() => {});
    await encoder.dispose();
    throw err;
  }
}

/**
 * Feedback: the store (PostgreSQL or PGlite), the impression buffer, the popularity priors and
 * retention. User references are hashed with FEEDBACK_HASH_SECRET, or a secret kept beside the
 * embedded store.
 */
async function openFeedback(config: Config, log: Logger, metrics: Metrics) {
  const dataDir = join(config.MEMESEARCH_CACHE_DIR, 'feedback');
  const store = await openFeedbackStore({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir, logger: log });
  const secret = config.FEEDBACK_HASH_SECRET ?? (await loadOrCreateSecret(join(dataDir, 'user-hash.secret')));
  const buffer = new ImpressionBuffer(store, config.IMPRESSION_BUFFER_MAX, log, metrics.impressionObserver());
  const service = new FeedbackService(store, buffer, secret, config.FEEDBACK_STORE_QUERY_TEXT, config.FEEDBACK_IMPRESSIONS);
  const refresher = config.RANKING_PRIORS
    ? new PriorsRefresher(
        store,
        { ...DEFAULT_PRIOR_WEIGHTS, likeWeight: config.RANKING_LIKE_WEIGHT, ctrWeight: config.RANKING_CTR_WEIGHT },
        config.RANKING_REFRESH_MS,
        log,
      )
    : undefined;
  await refresher?.start();
  const purge = () =>
    store
      .purgeBefore(new Date(Date.now() - config.FEEDBACK_RETENTION_DAYS * 86_400_000))
      .then((n) => n > 0 && log.info({ removed: n }, 'feedback retention: old impressions removed'))
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'feedback retention purge failed'));
  void purge();
  const retentionTimer = setInterval(() => void purge(), 86_400_000);
  retentionTimer.unref();
  log.info({ store: config.DATABASE_URL ? 'postgres' : 'pglite', priors: Boolean(refresher) }, 'feedback ready');
  return { store, buffer, service, refresher, retentionTimer };
}

/**
 * `memesearch serve`: start; SIGHUP reloads the index CURRENT points to (the service keeps serving
 * the old one if the new one is refused); SIGINT/SIGTERM stop in order and resolve (exit code 0).
 */
export async function runServer(config: Config, opts: StartOptions = {}): Promise<void> {
  const running = await startServer(config, opts);
  process.stderr.write(
    `memesearch search service on ${config.GRPC_HOST}:${running.port}${running.metricsPort ? `, metrics on :${running.metricsPort}/metrics` : ''}, index ${running.core.artifact.meta.version}\n`,
  );
  // Operators watch stderr; the reloader also logs both outcomes (error level when refused).
  let stopping = false;
  const onHangup = () => {
    // Stays installed while shutting down: SIGHUP's default action would cut the drain short.
    if (stopping) return void process.stderr.write('SIGHUP: ignored, shutting down\n');
    process.stderr.write('SIGHUP: reloading the index\n');
    running.reloader.reload().then(
      (r) =>
        process.stderr.write(
          r.changed
            ? `index reloaded: ${r.version} (${r.memes} memes; was ${r.previousVersion}), ${r.loadMs.toFixed(0)} ms\n`
            : `index unchanged: ${r.version} is already served\n`,
        ),
      (err: unknown) => process.stderr.write(`${(err as Error).message}\n`),
    );
  };
  process.on('SIGHUP', onHangup);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.stderr.write(`${signal}: shutting down\n`);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stopping = true;
      running.stop().then(resolve, (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
