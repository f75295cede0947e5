import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * The wire contract between search replicas (producers) and embed workers, both sides of one
 * BullMQ queue, and the few connection settings the two sides share. Jobs outlive deploys in
 * Redis, so a field added later must be optional (and unknown fields are ignored, not refused):
 * old jobs still parse in new workers and new jobs in old workers.
 */

/** Longest text a job may carry; queries are far shorter (the gRPC layer caps them earlier). */
export const MAX_EMBED_TEXT_CHARS = 20_000;

/** BullMQ job name of every embedding job (one text per job). */
export const EMBED_JOB_NAME = 'embed';

/**
 * ioredis reconnect delay for every embed-queue connection: quick first retries, then once a
 * second, so both sides are back within about a second of Redis (BullMQ's own default backs off to
 * 20 s, far too slow for a search request path).
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * attempt, 1000);
}

export const EmbedJobSchema = z.object({
  text: z.string().max(MAX_EMBED_TEXT_CHARS),
  kind: z.enum(['query', 'passage']),
  /** The model the producer's index was built with; a worker serving another model refuses. */
  modelId: z.string().min(1),
  /** Epoch ms after which nobody waits for the answer: workers skip the job instead of encoding. */
  deadline: z.number().int().positive().optional(),
  /** Correlates the worker's log lines with the search request. */
  requestId: z.string().max(200).optional(),
});
export type EmbedJob = z.infer<typeof EmbedJobSchema>;

export const EmbedJobResultSchema = z.object({
  vector: z.array(z.number()).min(1),
  /** sha256 of the ONNX weights that produced the vector (compared with the index's). */
  modelSha256: z.string().min(1),
});
export type EmbedJobResult = z.infer<typeof EmbedJobResultSchema>;

/**
 * Why a worker refused a job, sent as the prefix of the job's failure reason ("code: detail") so
 * a producer can tell a misconfiguration from a late job without parsing prose.
 */
export const REFUSAL_CODES = ['invalid-payload', 'model-mismatch', 'deadline-passed'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export function refusalReason(code: RefusalCode, detail: string): string {
  return `${code}: ${detail}`;
}

/** The refusal code at the start of a failure reason, if the worker refused the job. */
export function parseRefusal(failedReason: string): RefusalCode | undefined {
  return REFUSAL_CODES.find((code) => failedReason.startsWith(`${code}: `));
}

/**
 * An embed worker failed the job: it refused it (`code` says why: a producer/worker model
 * mismatch is an operator error, not a transient one) or the encoder threw (`code` undefined).
 */
export class EmbedJobFailedError extends Error {
  override readonly name = 'EmbedJobFailedError';
  constructor(
    readonly failedReason: string,
    readonly code: RefusalCode | undefined = parseRefusal(failedReason),
  ) {
    super(`embed worker failed the job: ${failedReason}`);
  }
}

/** QUIT when connected (the server sees a clean goodbye); otherwise just stop reconnecting. */
export async function quitRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: the connection went away meanwhile
    }
  }
  client.disconnect();
}
