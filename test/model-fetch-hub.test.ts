import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../services/search/src/config/env.js';
import { UserError } from '../services/search/src/errors.js';
import { getModelSpec } from '../services/search/src/model/manifest.js';
import { modelDir } from '../services/search/src/model/model-cache.js';
import { fetchModel } from '../services/search/src/model/model-fetcher.js';
import { requireModel } from './helpers/model.js';

/**
 * The hub source against a fake Hugging Face endpoint on loopback, serving the real model files:
 * the same code path a user with internet takes, plus a server that stalls mid-download.
 */
let server: Server;
let endpoint: string;
let cache: string;
const requests: string[] = [];
const spec = getModelSpec('e5-small');

beforeAll(async () => {
  const real = modelDir((await requireModel()).MEMESEARCH_CACHE_DIR, spec);
  const files: Record<string, string> = {
    '/intfloat/multilingual-e5-small/resolve/main/tokenizer.json': join(real, 'tokenizer.json'),
    '/intfloat/multilingual-e5-small/resolve/main/onnx/model.onnx': join(real, 'model.onnx'),
  };
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const file = files[req.url ?? ''];
    if (file) {
      res.writeHead(200, { 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
    } else if (req.url?.startsWith('/intfloat/multilingual-e5-base/')) {
      // Headers and a first chunk, then nothing: the fetch must give up, not hang.
      res.writeHead(200, { 'content-length': 1_000_000 });
      res.write(Buffer.alloc(1000));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  cache = mkdtempSync(join(tmpdir(), 'memesearch-hub-'));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(cache, { recursive: true, force: true });
});

describe('hub source', () => {
  it('downloads tokenizer and model from the endpoint and records their hashes', async () => {
    const config = loadConfig({ ...process.env, MEMESEARCH_CACHE_DIR: cache, HF_ENDPOINT: endpoint });
    const out = await fetchModel(spec, config, { sources: ['hub'] });
    expect(out.record.source).toBe('hub');
    expect(out.record.sha256.model).toBe(spec.sources.pypi!.sha256.model);
    expect(requests).toContain('/intfloat/multilingual-e5-small/resolve/main/onnx/model.onnx');
  });

  it('gives up on a stalled download within the deadline and leaves nothing behind', async () => {
    const config = loadConfig({ ...process.env, MEMESEARCH_CACHE_DIR: cache, HF_ENDPOINT: endpoint, MEMESEARCH_FETCH_TIMEOUT_MS: '1000' });
    const started = Date.now();
    const attempt = fetchModel(getModelSpec('e5-base'), config, { sources: ['hub'] });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/stalled for 1000 ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(() => statSync(modelDir(cache, getModelSpec('e5-base')))).toThrow();
  });
});
