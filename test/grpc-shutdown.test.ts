import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchClient } from '../services/search/src/client/search-client.js';
import { BIN } from './helpers/cli.js';
import { isolatedCache } from './helpers/model.js';
import { freePort } from './helpers/ports.js';

/** `memesearch serve` as a real process: SIGTERM during traffic finishes in-flight calls and exits 0. */
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = await isolatedCache());
});
afterAll(() => cleanup?.());

describe('graceful shutdown', () => {
  it('drains in-flight searches on SIGTERM and exits 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, MEMESEARCH_CACHE_DIR: dir, GRPC_PORT: String(port), METRICS_PORT: '0', LOG_LEVEL: 'info', REDIS_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const client = new SearchClient(`127.0.0.1:${port}`, 60_000);
    try {
      // Wait until it serves (model load + index build take a few seconds).
      for (let i = 0; ; i++) {
        if ((await client.health().catch(() => 'DOWN')) === 'SERVING') break;
        if (i > 600) throw new Error(`server did not become ready:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const inflight = Array.from({ length: 40 }, (_, i) =>
        client.search({ query: `ситуация номер ${i}: опять понедельник и дедлайн`, limit: 3 }),
      );
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGTERM');
      const results = await Promise.allSettled(inflight);
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
      expect(await exited).toBe(0);
      expect(stderr).toMatch(/shutting down/);
      expect(stderr).toMatch(/"msg":"shut down"/);
    } finally {
      client.close();
      child.kill('SIGKILL');
    }
  }, 120_000);
});
