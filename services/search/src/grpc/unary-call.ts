import { randomUUID } from 'node:crypto';
import { Metadata, status, type handleUnaryCall, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { CallAbortedError, mapError } from './map-error.js';

export interface CallContext {
  requestId: string;
  log: Logger;
  /** Fires when the client cancels or the call's deadline passes: pass it all the way down. */
  signal: AbortSignal;
  /** The caller's metadata and address (admin calls check credentials and origin). */
  metadata: Metadata;
  peer: string;
}

export interface UnaryDeps {
  log: Logger;
  metrics: Metrics;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Wraps a handler: request id (the client's `x-request-id` or a new one, echoed back), a child
 * logger, an abort signal for cancellation and deadlines, metrics by method and status, and the
 * single error mapping. Handlers only return values or throw.
 */
export function unary<Req, Res>(
  method: string,
  deps: UnaryDeps,
  fn: (req: Req, ctx: CallContext) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const started = performance.now();
    const given = call.metadata.get('x-request-id')[0];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const log = deps.log.child({ requestId, method });
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort(new CallAbortedError(status.CANCELLED)));
    const deadline = call.getDeadline();
    const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
    const timer = Number.isFinite(deadlineMs)
      ? setTimeout(() => controller.abort(new CallAbortedError(status.DEADLINE_EXCEEDED)), Math.max(0, deadlineMs - Date.now()))
      : undefined;
    const reply = new Metadata();
    reply.set('x-request-id', requestId);
    call.sendMetadata(reply);

    const finish = (code: status) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const label = status[code] ?? String(code);
      deps.metrics.rpcTotal.inc({ method, code: label });
      deps.metrics.rpcSeconds.observe({ method, code: label }, seconds);
      log.info({ code: label, ms: Number((seconds * 1000).toFixed(2)) }, 'rpc');
    };
    fn(call.request, { requestId, log, signal: controller.signal, metadata: call.metadata, peer: call.getPeer() }).then(
      (res) => {
        finish(status.OK);
        callback(null, res);
      },
      (err: unknown) => {
        // After an abort, the signal's reason is the truth (a racing error may be a consequence).
        const mapped = mapError(controller.signal.aborted ? controller.signal.reason : err, log);
        finish(mapped.code);
        callback(mapped);
      },
    );
  };
}
