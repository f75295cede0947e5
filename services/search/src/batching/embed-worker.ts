import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Encoder } from '../encoder/encoder.js';
import type { Logger } from '../logging/logger.js';
import { ContinuousBatcher, type BatchObserver } from './continuous-batcher.js';
import { EmbedJobSchema, quitRedis, reconnectDelayMs, refusalReason, type EmbedJobResult } from './embed-job.js';

export interface EmbedWorkerOptions {
  redisUrl: string;
  queueName: string;
  prefix: string;
  /** A loaded encoder. The worker never disposes it: the caller owns it. */
  encoder: Encoder;
  /** sha256 of the encoder's weights, sent back with every vector. */
  modelSha256: string;
  /** Most texts per model run; also how many jobs the worker holds at once. */
  maxBatch: number;
  logger: Logger;
  observer?: BatchObserver;
}

/**
 * The consumer side of the embed queue. BullMQ hands jobs to the processor one at a time, so the
 * batching happens inside it (as BullMQ recommends): with `concurrency` = maxBatch the worker holds
 * up to maxBatch jobs, each processor call puts its text into a ContinuousBatcher, and whatever
 * arrived while the model was busy goes into the next model run together.
 *
 * Jobs it refuses fail at once with an UnrecoverableError whose reason starts with a refusal code
 * (see embed-job.ts): a payload that does not parse, another model than the encoder's, or a
 * deadline that has passed (nobody waits for the answer; such jobs also drop out of the batcher if
 * the deadline passes while they wait for a batch). While Redis is down the worker waits (its
 * connections have no per-command retry limit) and carries on when it is back.
 */
export class EmbedWorker {
  private readonly connection: Redis;
  private readonly batcher: ContinuousBatcher;
  private readonly worker: Worker<unknown, EmbedJobResult>;
  private readonly log: Logger;
  private closing: Promise<void> | undefined;
  private warnedDown = false;

  constructor(private readonly opts: EmbedWorkerOptions) {
    const log = (this.log = opts.logger);
    this.connection = new Redis(opts.redisUrl, {
      maxRetriesPerRequest: null,
      retryStrategy: reconnectDelayMs,
      connectionName: `${opts.prefix}:${opts.queueName}:worker`,
    });
    this.connection.on('ready', () => {
      if (this.warnedDown) log.info({ queue: opts.queueName }, 'embed worker: Redis is back');
      this.warnedDown = false;
    });
    this.connection.on('error', (err: Error) => {
      if (this.warnedDown || this.closing) return;
      this.warnedDown = true;
      log.warn({ queue: opts.queueName, err: err.message }, 'embed worker: Redis is unreachable; waiting for it');
    });

    this.batcher = new ContinuousBatcher(opts.encoder, opts.modelSha256, opts.maxBatch, opts.observer);
    // Three parameters: BullMQ then passes a signal that fires when the job is cancelled
    // (worker.cancelJob), which drops a text that is still waiting for a batch.
    const processor = (job: Job<unknown, EmbedJobResult>, _token?: string, signal?: AbortSignal) => this.process(job, signal);
    this.worker = new Worker<unknown, EmbedJobResult>(opts.queueName, processor, {
      // BullMQ duplicates this connection for its blocking BZPOPMIN and closes the duplicate itself.
      connection: this.connection,
      prefix: opts.prefix,
      concurrency: opts.maxBatch,
      // Producers set these per job; repeated here so jobs from any producer leave nothing behind.
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    });
    this.worker.on('failed', (job, err) => {
      // Refusals were logged where they were decided, at the level they deserve.
      if (err instanceof UnrecoverableError) log.debug({ jobId: job?.id, reason: err.message }, 'embed job refused');
      else log.warn({ jobId: job?.id, err }, 'embed job failed');
    });
    this.worker.on('stalled', (jobId) =>
      log.warn({ jobId }, 'embed job stalled (a worker stopped renewing its lock); it goes back to the queue'),
    );
    this.worker.on('error', (err) => {
      if (this.warnedDown || this.closing) log.debug({ err: err.message }, 'embed worker error');
      else log.warn({ err }, 'embed worker error');
    });
  }

  /** Resolves once both Redis connections are up (the worker takes jobs from then on). */
  waitUntilReady(): Promise<void> {
    return this.worker.waitUntilReady();
  }

  ready(): boolean {
    return !this.closing && this.connection.status === 'ready';
  }

  private async process(job: Job<unknown, EmbedJobResult>, cancelled: AbortSignal | undefined): Promise<EmbedJobResult> {
    const parsed = EmbedJobSchema.safeParse(job.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
      this.log.error({ jobId: job.id, detail }, 'embed job refused: invalid payload');
      throw new UnrecoverableError(refusalReason('invalid-payload', detail));
    }
    const { text, kind, modelId, deadline, requestId } = parsed.data;
    if (modelId !== this.opts.encoder.modelId) {
      const detail = `the job wants model ${modelId}, this worker serves ${this.opts.encoder.modelId}`;
      this.log.error({ jobId: job.id, requestId, wanted: modelId, serves: this.opts.encoder.modelId }, 'embed job refused: other model');
      throw new UnrecoverableError(refusalReason('model-mismatch', detail));
    }
    const left = deadline === undefined ? Infinity : deadline - Date.now();
    if (left <= 0) {
      this.log.debug({ jobId: job.id, requestId, lateMs: -left }, 'embed job skipped: its deadline has passed');
      throw new UnrecoverableError(refusalReason('deadline-passed', `it passed ${-left} ms before a worker took the job`));
    }
    const expired = Number.isFinite(left) ? AbortSignal.timeout(left) : undefined;
    const signals = [cancelled, expired].filter((s): s is AbortSignal => s !== undefined);
    try {
      const { vector, modelSha256 } = await this.batcher.embed(text, kind, signals.length > 0 ? AbortSignal.any(signals) : undefined);
      return { vector: Array.from(vector), modelSha256 };
    } catch (err) {
      if (expired?.aborted) throw new UnrecoverableError(refusalReason('deadline-passed', 'while it waited for a batch'));
      throw err;
    }
  }

  /**
   * Stops taking jobs, lets the jobs in flight finish (their batches complete), then closes the
   * batcher and the Redis connections. The encoder stays open: its owner disposes it.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // With Redis unreachable, BullMQ's graceful close waits for connection events that ioredis
      // never emits between reconnect attempts (taskforcesh/bullmq#4585), and the jobs in flight
      // could not be marked done anyway: force the close then (the stalled-job check returns
      // such jobs to the queue, where their deadline makes workers skip them).
      await this.worker.close(this.connection.status !== 'ready');
      await this.batcher.close();
      await quitRedis(this.connection);
    })();
    return this.closing;
  }
}
