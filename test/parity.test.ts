import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { E5Encoder } from '../services/search/src/encoder/e5-encoder.js';
import type { TextKind } from '../services/search/src/encoder/encoder.js';
import { dot } from '../services/search/src/encoder/pooling.js';
import { openEncoder } from '../services/search/src/engine.js';
import { requireModel } from './helpers/model.js';
import { loadConfig } from '../services/search/src/config/env.js';

/**
 * Our TypeScript encoder (tokenizers.js + onnxruntime-node) against the reference stack (Python
 * tokenizers + onnxruntime), on the built-in corpus and hostile strings. Golden data comes from
 * models/parity/make_golden.py; a mismatch here is a bug to fix, not a tolerance to loosen.
 */
interface GoldenRecord {
  kind: TextKind;
  text: string;
  ids: number[];
  embedding: string;
}
const golden = JSON.parse(gunzipSync(readFileSync(new URL('./golden/parity.json.gz', import.meta.url))).toString('utf8')) as {
  model_sha256: string;
  max_length: number;
  records: GoldenRecord[];
};

function vector(b64: string): Float32Array {
  const buf = Buffer.from(b64, 'base64');
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

let encoder: E5Encoder;

beforeAll(async () => {
  // The golden file was made with the base e5-small (a fine-tuned default model is derived from it,
  // so it is in the cache either way): parity is about our tokenizer and pooling, not the weights.
  const opened = await openEncoder(await requireModel(loadConfig({ ...process.env, MEMESEARCH_MODEL: 'e5-small' })));
  if (opened.identity.modelSha256 !== golden.model_sha256) {
    throw new Error(
      `the cached model (sha256 ${opened.identity.modelSha256}) is not the one the golden file was made with (${golden.model_sha256}); run 'npx memesearch model fetch e5-small' or regenerate with models/parity/make_golden.py`,
    );
  }
  encoder = opened.encoder;
  await encoder.load();
});
afterAll(() => encoder?.dispose());

describe('parity with the Python reference', () => {
  it('covers the corpus and the tricky strings', () => {
    expect(golden.records.length).toBeGreaterThan(200);
    expect(golden.records.some((r) => r.ids.length === golden.max_length)).toBe(true); // the truncated one
  });

  it('produces identical token ids for every text', () => {
    const mismatches = golden.records.filter((r) => JSON.stringify(encoder.tokenIds(r.text, r.kind)) !== JSON.stringify(r.ids));
    expect(mismatches.map((r) => `${r.kind}: ${JSON.stringify(r.text.slice(0, 60))}`)).toEqual([]);
  });

  it.each(['query', 'passage'] as const)('produces %s embeddings with cosine >= 0.9999 in padded batches', async (kind) => {
    const records = golden.records.filter((r) => r.kind === kind);
    const vectors = await encoder.embed(
      records.map((r) => r.text),
      kind,
    );
    const cosines = records.map((r, i) => dot(vectors[i]!, vector(r.embedding)));
    const worst = Math.min(...cosines);
    expect(worst, `worst: ${JSON.stringify(records[cosines.indexOf(worst)]!.text.slice(0, 60))}`).toBeGreaterThanOrEqual(0.9999);
  });
});
