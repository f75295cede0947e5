import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { AdminServiceClient } from '../grpc/generated/memesearch/v1/AdminService.js';
import type { EmbedResponse__Output } from '../grpc/generated/memesearch/v1/EmbedResponse.js';
import type { IndexInfo__Output } from '../grpc/generated/memesearch/v1/IndexInfo.js';
import type { Meme__Output } from '../grpc/generated/memesearch/v1/Meme.js';
import type { ReloadIndexResponse__Output } from '../grpc/generated/memesearch/v1/ReloadIndexResponse.js';
import type { SearchRequest } from '../grpc/generated/memesearch/v1/SearchRequest.js';
import type { SearchResponse__Output } from '../grpc/generated/memesearch/v1/SearchResponse.js';
import type { SearchServiceClient } from '../grpc/generated/memesearch/v1/SearchService.js';
import type { SubmitFeedbackRequest } from '../grpc/generated/memesearch/v1/SubmitFeedbackRequest.js';
import type { SubmitFeedbackResponse__Output } from '../grpc/generated/memesearch/v1/SubmitFeedbackResponse.js';
import { loadSearchProto } from '../grpc/proto.js';

export type {
  SearchResponse__Output as SearchResponse,
  Meme__Output as MemeMessage,
  SubmitFeedbackRequest,
  ReloadIndexResponse__Output as ReloadIndexResponse,
  IndexInfo__Output as IndexInfo,
};

const SERVICE = 'memesearch.v1.SearchService';
/** Read-only methods (idempotency_level NO_SIDE_EFFECTS in the proto): safe to retry. */
const IDEMPOTENT = ['Search', 'GetMeme', 'Embed'];

// Retries only what may be repeated, only on UNAVAILABLE (the call never reached a handler or the
// server went away), with backoff. Methods with side effects are deliberately left out.
const SERVICE_CONFIG = {
  loadBalancingConfig: [{ round_robin: {} }],
  methodConfig: [
    {
      name: IDEMPOTENT.map((method) => ({ service: SERVICE, method })),
      retryPolicy: {
        maxAttempts: 3,
        initialBackoff: '0.05s',
        maxBackoff: '0.5s',
        backoffMultiplier: 2,
        retryableStatusCodes: ['UNAVAILABLE'],
      },
    },
  ],
};

export interface CallOptions {
  /** Per-call deadline in ms (default: the client's). */
  deadlineMs?: number;
  requestId?: string;
  signal?: AbortSignal;
}

export interface AdminCallOptions extends CallOptions {
  /** The service's ADMIN_TOKEN, sent as `authorization: Bearer …`; not needed over loopback without one. */
  adminToken?: string;
}

/**
 * Typed client of memesearch.v1.SearchService for internal callers and the chat adapters:
 * promise API, a deadline on every call, retries for idempotent calls, cancellation by signal.
 */
export class SearchClient {
  private readonly client: SearchServiceClient;
  private adminClient?: AdminServiceClient;
  private healthClient?: grpc.Client & { Check: grpc.requestCallback<unknown> & ((...args: unknown[]) => grpc.ClientUnaryCall) };

  constructor(
    readonly address: string,
    private readonly defaultDeadlineMs = 5000,
  ) {
    const { proto } = loadSearchProto();
    this.client = new proto.memesearch.v1.SearchService(address, grpc.credentials.createInsecure(), {
      'grpc.service_config': JSON.stringify(SERVICE_CONFIG),
      'grpc.enable_retries': 1,
      // After an outage, notice the service is back within seconds (grpc-js backs off up to 120 s).
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 5000,
    });
  }

  search(req: SearchRequest, opts: CallOptions = {}): Promise<SearchResponse__Output> {
    return this.unary<SearchRequest, SearchResponse__Output>((r, md, o, cb) => this.client.Search(r, md, o, cb), req, opts);
  }

  getMeme(id: string, opts: CallOptions = {}): Promise<Meme__Output> {
    return this.unary<{ id: string }, Meme__Output>((r, md, o, cb) => this.client.GetMeme(r, md, o, cb), { id }, opts);
  }

  embed(texts: string[], kind: 'query' | 'passage', opts: CallOptions = {}): Promise<EmbedResponse__Output> {
    const req = { texts, kind: kind === 'query' ? ('TEXT_KIND_QUERY' as const) : ('TEXT_KIND_PASSAGE' as const) };
    return this.unary<typeof req, EmbedResponse__Output>((r, md, o, cb) => this.client.Embed(r, md, o, cb), req, opts);
  }

  /** Not retried: a blind retry could land after a newer reaction of the same user. */
  submitFeedback(req: SubmitFeedbackRequest, opts: CallOptions = {}): Promise<SubmitFeedbackResponse__Output> {
    return this.unary<SubmitFeedbackRequest, SubmitFeedbackResponse__Output>(
      (r, md, o, cb) => this.client.SubmitFeedback(r, md, o, cb),
      req,
      opts,
    );
  }

  /**
   * Makes this replica load an index version (default: the one CURRENT points to) and swap it in.
   * Not retried: a blind retry could undo a newer reload that landed in between.
   */
  reloadIndex(version = '', opts: AdminCallOptions = {}): Promise<ReloadIndexResponse__Output> {
    const admin = this.admin();
    return this.unary<{ version: string }, ReloadIndexResponse__Output>(
      (r, md, o, cb) => admin.ReloadIndex(r, md, o, cb),
      { version },
      opts,
      adminMetadata(opts),
    );
  }

  /** The index version this replica serves (and where CURRENT points now). */
  indexInfo(opts: AdminCallOptions = {}): Promise<IndexInfo__Output> {
    const admin = this.admin();
    return this.unary<object, IndexInfo__Output>((r, md, o, cb) => admin.GetIndexInfo(r, md, o, cb), {}, opts, adminMetadata(opts));
  }

  /** grpc.health.v1 status of the service ('' = the whole server). */
  health(service = '', opts: CallOptions = {}): Promise<string> {
    if (!this.healthClient) {
      const def = protoLoader.loadSync(healthProtoPath, { keepCase: true, enums: String, defaults: true });
      const pkg = grpc.loadPackageDefinition(def) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
      this.healthClient = new pkg.grpc.health.v1.Health(this.address, grpc.credentials.createInsecure()) as never;
    }
    const client = this.healthClient!;
    return this.unary<{ service: string }, { status: string }>(
      (r, md, o, cb) => client.Check(r, md, o, cb) as grpc.ClientUnaryCall,
      { service },
      opts,
    ).then((r) => r.status);
  }

  close(): void {
    this.client.close();
    this.adminClient?.close();
    this.healthClient?.close();
  }

  private admin(): AdminServiceClient {
    if (!this.adminClient) {
      const { proto } = loadSearchProto();
      this.adminClient = new proto.memesearch.v1.AdminService(this.address, grpc.credentials.createInsecure());
    }
    return this.adminClient;
  }

  private unary<Req, Res>(
    call: (
      req: Req,
      md: grpc.Metadata,
      opts: grpc.CallOptions,
      cb: (err: grpc.ServiceError | null, res?: Res) => void,
    ) => grpc.ClientUnaryCall,
    req: Req,
    opts: CallOptions,
    md = new grpc.Metadata(),
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      if (opts.requestId) md.set('x-request-id', opts.requestId);
      const handle = call(req, md, { deadline: Date.now() + (opts.deadlineMs ?? this.defaultDeadlineMs) }, (err, res) =>
        err ? reject(err) : resolve(res as Res),
      );
      opts.signal?.addEventListener('abort', () => handle.cancel(), { once: true });
    });
  }
}

function adminMetadata(opts: AdminCallOptions): grpc.Metadata {
  const md = new grpc.Metadata();
  if (opts.adminToken) md.set('authorization', `Bearer ${opts.adminToken}`);
  return md;
}
