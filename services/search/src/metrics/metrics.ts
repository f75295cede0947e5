import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BatchObserver } from '../batching/continuous-batcher.js';
import type { CacheObserver } from '../batching/cached-embedder.js';
import type { ImpressionObserver } from '../feedback/impression-buffer.js';
import type { IndexObserver } from '../server/index-reloader.js';

/** Every Prometheus metric the search service and the embed worker export, on one registry. */
export class Metrics {
  readonly registry = new Registry();
  readonly rpcTotal = new Counter({
    name: 'memesearch_grpc_requests_total',
    help: 'gRPC calls by method and status code',
    labelNames: ['method', 'code'],
    registers: [this.registry],
  });
  readonly rpcSeconds = new Histogram({
    name: 'memesearch_grpc_request_duration_seconds',
    help: 'gRPC call latency by method and status code',
    labelNames: ['method', 'code'],
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: 'memesearch_embed_queue_wait_seconds',
    help: 'time a text waited for its embedding batch to start',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'memesearch_embed_batch_size',
    help: 'texts per model run',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });
  readonly inference = new Histogram({
    name: 'memesearch_model_inference_seconds',
    help: 'model time per batch',
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2],
    registers: [this.registry],
  });
  readonly cacheHits = new Counter({
    name: 'memesearch_embed_cache_hits_total',
    help: 'query embeddings served from the LRU cache',
    registers: [this.registry],
  });
  readonly cacheMisses = new Counter({
    name: 'memesearch_embed_cache_misses_total',
    help: 'query embeddings not in the LRU cache',
    registers: [this.registry],
  });

  readonly impressionsWritten = new Counter({
    name: 'memesearch_impressions_written_total',
    help: 'impressions stored',
    registers: [this.registry],
  });
  readonly impressionsDropped = new Counter({
    name: 'memesearch_impressions_dropped_total',
    help: 'impressions dropped because the buffer was full (store slow or down)',
    registers: [this.registry],
  });

  readonly indexInfo = new Gauge({
    name: 'memesearch_index_info',
    help: 'the index version this replica serves (1 for that version label)',
    labelNames: ['version'],
    registers: [this.registry],
  });
  readonly indexMemes = new Gauge({
    name: 'memesearch_index_memes',
    help: 'memes in the index version served',
    registers: [this.registry],
  });
  readonly indexLoadedAt = new Gauge({
    name: 'memesearch_index_loaded_timestamp_seconds',
    help: 'when the index version served was loaded (Unix time)',
    registers: [this.registry],
  });
  readonly indexReloads = new Counter({
    name: 'memesearch_index_reloads_total',
    help: 'index reloads by outcome: reloaded, unchanged (already served), refused (old version kept)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'memesearch_' });
  }

  batchObserver(): BatchObserver {
    return {
      queueWait: (s) => this.queueWait.observe(s),
      batch: (size, s) => {
        this.batchSize.observe(size);
        this.inference.observe(s);
      },
    };
  }

  impressionObserver(): ImpressionObserver {
    return { written: (n) => this.impressionsWritten.inc(n), dropped: (n) => this.impressionsDropped.inc(n) };
  }

  indexObserver(): IndexObserver {
    return {
      loaded: (version, memes) => {
        this.indexInfo.reset();
        this.indexInfo.set({ version }, 1);
        this.indexMemes.set(memes);
        this.indexLoadedAt.setToCurrentTime();
      },
      reload: (outcome) => this.indexReloads.inc({ outcome }),
    };
  }

  cacheObserver(): CacheObserver {
    return { hit: () => this.cacheHits.inc(), miss: () => this.cacheMisses.inc() };
  }
}
