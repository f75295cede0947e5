import { status, type ServiceError, Metadata } from '@grpc/grpc-js';
import { EmbedJobFailedError } from '../batching/embed-job.js';
import { EmbedderUnavailableError } from '../batching/query-embedder.js';
import { InvalidInputError } from '../errors.js';
import { FeedbackUnavailableError } from '../feedback/feedback-store.js';
import type { Logger } from '../logging/logger.js';
import { ModelMismatchError } from '../search/search-core.js';
import { StatusError } from './status-error.js';

export type ServerError = Partial<ServiceError> & { code: status; details: string };

/** Why a call's signal fired: the client went away, or its deadline passed. */
export class CallAbortedError extends Error {
  constructor(readonly code: status.CANCELLED | status.DEADLINE_EXCEEDED) {
    super(code === status.CANCELLED ? 'the call was cancelled' : 'the deadline was exceeded');
  }
}

/**
 * The one place errors become gRPC statuses. Known errors keep their meaning; anything else is a
 * bug: logged with its stack, and the client gets INTERNAL without internals.
 */
export function mapError(err: unknown, log: Logger): ServerError {
  const make = (code: status, details: string): ServerError => ({ code, details, metadata: new Metadata() });
  if (err instanceof StatusError) return make(err.code, err.message);
  if (err instanceof CallAbortedError) return make(err.code, err.message);
  if (err instanceof InvalidInputError) return make(status.INVALID_ARGUMENT, err.message);
  if (err instanceof EmbedderUnavailableError) {
    log.warn({ err: err.message }, 'embedding unavailable');
    return make(status.UNAVAILABLE, `embedding is unavailable right now: ${err.message}`);
  }
  if (err instanceof FeedbackUnavailableError) {
    log.warn({ err: err.message }, 'feedback store unavailable');
    return make(status.UNAVAILABLE, `feedback cannot be stored right now: ${err.message}`);
  }
  if (err instanceof DOMException && err.name === 'TimeoutError') return make(status.DEADLINE_EXCEEDED, 'embedding did not finish in time');
  if (err instanceof ModelMismatchError || (err instanceof EmbedJobFailedError && err.code === 'model-mismatch')) {
    log.error({ err }, 'model mismatch between embedder and index');
    return make(status.FAILED_PRECONDITION, 'the embedding model does not match the index; the operator must rebuild or redeploy');
  }
  log.error({ err }, 'unexpected error');
  return make(status.INTERNAL, 'internal error');
}
