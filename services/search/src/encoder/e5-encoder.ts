import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { ModelMissingError } from '../errors.js';
import type { ModelSpec } from '../model/manifest.js';
import { modelFiles } from '../model/model-cache.js';
import { E5Tokenizer } from './e5-tokenizer.js';
import type { EmbedOptions, Encoder, TextKind } from './encoder.js';
import { meanPoolNormalize } from './pooling.js';

export interface EmbedIdsOptions {
  /** Pad every batch to at least this many tokens (only the benchmark's baseline wants this). */
  padTo?: number;
  batchSize?: number;
  /** Called after each batch with the number of texts it embedded. */
  onProgress?: (done: number) => void;
}

export interface E5EncoderOptions {
  spec: ModelSpec;
  modelDir: string;
  /** ONNX Runtime intra-op threads; default: ORT's choice (all cores). */
  threads?: number;
  /** Truncation length in tokens, including <s> and </s>; default: the model's maximum. */
  maxLength?: number;
  /** Texts per ONNX run when embed() gets many. */
  batchSize?: number;
}

/**
 * multilingual-e5 on ONNX Runtime: "query: "/"passage: " prefixes, dynamic padding to the longest
 * text of each batch (texts sorted by length first, so batches waste little), mean pooling over the
 * attention mask and L2 normalisation. `load()` is lazy and idempotent; `dispose()` frees the session.
 */
export class E5Encoder implements Encoder {
  readonly modelId: string;
  readonly dimension: number;
  readonly maxLength: number;
  private readonly batchSize: number;
  private loading?: Promise<void>;
  private session?: ort.InferenceSession;
  private tokenizer?: E5Tokenizer;
  private needsTokenTypes = false;
  private outputName = 'last_hidden_state';

  constructor(private readonly opts: E5EncoderOptions) {
    this.modelId = opts.spec.id;
    this.dimension = opts.spec.dimension;
    this.maxLength = Math.min(opts.maxLength ?? opts.spec.maxLength, opts.spec.maxLength);
    this.batchSize = opts.batchSize ?? 16;
  }

  load(): Promise<void> {
    this.loading ??= this.open().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return this.loading;
  }

  private async open(): Promise<void> {
    const files = modelFiles(this.opts.modelDir, this.opts.spec);
    for (const f of [files.model, files.tokenizer]) {
      if (!existsSync(f)) {
        throw new ModelMissingError(
          `model ${this.modelId} is not fetched: ${f} is missing`,
          `run \`npx memesearch model fetch ${this.modelId}\` (or \`npm run setup\`)`,
        );
      }
    }
    this.tokenizer = await E5Tokenizer.fromFile(files.tokenizer);
    this.session = await ort.InferenceSession.create(files.model, {
      intraOpNumThreads: this.opts.threads ?? 0,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    });
    this.needsTokenTypes = this.session.inputNames.includes('token_type_ids');
    // The e5 recipe pools the token states; a pooled second output (as some exports add) is not it.
    this.outputName = this.session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : this.session.outputNames[0]!;
    const [probe] = await this.runIds([[0, 2]]);
    if (probe?.length !== this.dimension) {
      throw new ModelMissingError(
        `model file ${files.model} gives ${probe?.length}-dim vectors, the manifest says ${this.dimension} for ${this.modelId}`,
        'fetch it again with --force',
      );
    }
  }

  /** Token ids with prefix, <s>, </s>, truncated to maxLength (exposed for the parity test). */
  tokenIds(text: string, kind: TextKind, maxLength = this.maxLength): number[] {
    if (!this.tokenizer) throw new Error('E5Encoder.load() must finish before tokenIds()');
    const prefix = kind === 'query' ? this.opts.spec.queryPrefix : this.opts.spec.passagePrefix;
    return this.tokenizer.encode(prefix + text, maxLength);
  }

  async embed(texts: readonly string[], kind: TextKind, opts: EmbedOptions = {}): Promise<Float32Array[]> {
    await this.load();
    const ids = texts.map((t) => this.tokenIds(t, kind));
    return this.embedIds(ids, { onProgress: opts.onProgress });
  }

  /** Embeds pre-tokenised texts, batching them by similar length; results in input order. */
  async embedIds(ids: number[][], opts: EmbedIdsOptions = {}): Promise<Float32Array[]> {
    await this.load();
    const { padTo, batchSize = this.batchSize, onProgress } = opts;
    const order = ids.map((_, i) => i).sort((a, b) => ids[a]!.length - ids[b]!.length);
    const out = new Array<Float32Array>(ids.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const chunk = order.slice(start, start + batchSize);
      const vectors = await this.runIds(
        chunk.map((i) => ids[i]!),
        padTo,
      );
      chunk.forEach((i, j) => (out[i] = vectors[j]!));
      onProgress?.(chunk.length);
    }
    return out;
  }

  /** One ONNX run. `padTo` forces a fixed padded length (only the benchmark's baseline uses it). */
  private async runIds(batch: number[][], padTo?: number): Promise<Float32Array[]> {
    const session = this.session;
    if (!session) throw new Error('E5Encoder.load() must finish before embedding');
    const lengths = batch.map((x) => x.length);
    const seq = Math.max(padTo ?? 0, ...lengths);
    const n = batch.length;
    const inputIds = new BigInt64Array(n * seq).fill(BigInt(this.tokenizer!.padId));
    const mask = new BigInt64Array(n * seq);
    batch.forEach((row, b) => {
      for (let t = 0; t < row.length; t++) {
        inputIds[b * seq + t] = BigInt(row[t]!);
        mask[b * seq + t] = 1n;
      }
    });
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', inputIds, [n, seq]),
      attention_mask: new ort.Tensor('int64', mask, [n, seq]),
    };
    if (this.needsTokenTypes) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(n * seq), [n, seq]);
    const result = await session.run(feeds, [this.outputName]);
    const hidden = result[this.outputName]!;
    const dim = hidden.dims[2] ?? 0;
    const vectors = meanPoolNormalize(hidden.data as Float32Array, lengths, seq, dim);
    hidden.dispose();
    return vectors;
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.tokenizer = undefined;
    this.loading = undefined;
    await session?.release();
  }
}
