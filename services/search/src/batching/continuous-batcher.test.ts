import { describe, expect, it } from 'vitest';
import type { Encoder, TextKind } from '../encoder/encoder.js';
import { CachedEmbedder } from './cached-embedder.js';
import { ContinuousBatcher } from './continuous-batcher.js';

/** An encoder whose runs finish only when the test says so; records every batch it got. */
class ManualEncoder implements Encoder {
  readonly modelId = 'fake';
  readonly dimension = 1;
  batches: Array<{ texts: string[]; kind: TextKind }> = [];
  private releases: Array<() => void> = [];
  async load() {}
  async dispose() {}
  embed(texts: readonly string[], kind: TextKind): Promise<Float32Array[]> {
    this.batches.push({ texts: [...texts], kind });
    return new Promise((resolve) => this.releases.push(() => resolve(texts.map((t) => new Float32Array([t.length])))));
  }
  /** Finishes the oldest run in flight. */
  release() {
    this.releases.shift()?.();
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('ContinuousBatcher', () => {
  it('starts at once when idle and puts everything that queued meanwhile into the next batch', async () => {
    const enc = new ManualEncoder();
    const batcher = new ContinuousBatcher(enc, 'sha', 32);
    const first = batcher.embed('a', 'query');
    await tick();
    expect(enc.batches).toEqual([{ texts: ['a'], kind: 'query' }]); // no added wait
    const rest = ['bb', 'ccc', 'dddd'].map((t) => batcher.embed(t, 'query'));
    await tick();
    expect(enc.batches).toHaveLength(1); // model busy: they wait
    enc.release();
    await expect(first).resolves.toEqual({ vector: new Float32Array([1]), modelSha256: 'sha' });
    await tick();
    expect(enc.batches[1]).toEqual({ texts: ['bb', 'ccc', 'dddd'], kind: 'query' });
    enc.release();
    expect((await Promise.all(rest)).map((r) => r.vector[0])).toEqual([2, 3, 4]);
  });

  it('caps batches at maxBatch and runs queries and passages separately', async () => {
    const enc = new ManualEncoder();
    const batcher = new ContinuousBatcher(enc, 'sha', 2);
    const all = [
      batcher.embed('busy', 'query'),
      batcher.embed('q1', 'query'),
      batcher.embed('p1', 'passage'),
      batcher.embed('q2', 'query'),
      batcher.embed('q3', 'query'),
    ];
    for (let i = 0; i < 4; i++) {
      await tick();
      enc.release();
    }
    await Promise.all(all);
    expect(enc.batches.map((b) => `${b.kind}:${b.texts.join(',')}`)).toEqual(['query:busy', 'query:q1,q2', 'passage:p1', 'query:q3']);
  });

  it('lets an aborted caller go at once and drops its text if not started', async () => {
    const enc = new ManualEncoder();
    const batcher = new ContinuousBatcher(enc, 'sha', 32);
    const busy = batcher.embed('busy', 'query');
    const controller = new AbortController();
    const gone = batcher.embed('gone', 'query', controller.signal);
    const stays = batcher.embed('stays', 'query');
    controller.abort(new Error('client went away'));
    await expect(gone).rejects.toThrow('client went away');
    enc.release();
    await busy;
    await tick();
    expect(enc.batches[1]!.texts).toEqual(['stays']);
    enc.release();
    await stays;
  });

  it('fails a whole batch when the model fails, and keeps serving', async () => {
    let fail = true;
    const enc: Encoder = {
      modelId: 'x',
      dimension: 1,
      load: async () => {},
      dispose: async () => {},
      embed: async (texts) => {
        if (fail) throw new Error('onnx exploded');
        return texts.map(() => new Float32Array([1]));
      },
    };
    const batcher = new ContinuousBatcher(enc, 'sha', 8);
    await expect(batcher.embed('a', 'query')).rejects.toThrow('onnx exploded');
    fail = false;
    await expect(batcher.embed('a', 'query')).resolves.toMatchObject({ modelSha256: 'sha' });
  });
});

describe('CachedEmbedder', () => {
  it('serves repeats from the cache and shares one call between concurrent misses', async () => {
    const enc = new ManualEncoder();
    const hits: string[] = [];
    const cached = new CachedEmbedder(new ContinuousBatcher(enc, 'sha', 8), 'fake', 100, {
      hit: () => hits.push('hit'),
      miss: () => hits.push('miss'),
    });
    const a = cached.embed('кот', 'query');
    const b = cached.embed('кот', 'query');
    await tick();
    enc.release();
    await Promise.all([a, b]);
    expect(enc.batches).toHaveLength(1);
    await cached.embed('кот', 'query');
    expect(enc.batches).toHaveLength(1);
    expect(hits).toEqual(['miss', 'miss', 'hit']);
    // Another kind is another key.
    const p = cached.embed('кот', 'passage');
    await tick();
    enc.release();
    await p;
    expect(enc.batches).toHaveLength(2);
  });

  it('lets one caller give up without failing the others waiting for the same text', async () => {
    const enc = new ManualEncoder();
    const cached = new CachedEmbedder(new ContinuousBatcher(enc, 'sha', 8), 'fake', 100);
    const controller = new AbortController();
    const quitter = cached.embed('кот', 'query', controller.signal);
    const patient = cached.embed('кот', 'query');
    controller.abort(new Error('bye'));
    await expect(quitter).rejects.toThrow('bye');
    await tick();
    enc.release();
    await expect(patient).resolves.toMatchObject({ modelSha256: 'sha' });
  });
});
