import { existsSync } from 'node:fs';
import type { Config } from '../config/env.js';
import { SHARED_CORPUS_PATH } from '../config/paths.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { passageText } from '../corpus/meme.js';
import { openEncoder } from '../engine.js';
import { createProgress } from '../util/progress.js';
import { machineLine } from './machine.js';

export interface IndexBenchResult {
  ours_texts_per_s: number;
  baseline_texts_per_s: number;
  ratio: number;
}

/**
 * Indexing throughput, ours vs the original notebook's loop, in one run on one machine:
 * (a) ours: length-sorted batches, each padded only to its longest text (truncation at 512);
 * (b) baseline: one text per ONNX run, padded (and truncated) to a fixed 128 tokens.
 * Tokenisation is timed in both.
 */
export async function benchIndex(
  config: Config,
  opts: { corpusPath?: string; limit?: number; batchSize: number },
): Promise<IndexBenchResult> {
  const corpusPath = opts.corpusPath ?? (existsSync(SHARED_CORPUS_PATH) ? SHARED_CORPUS_PATH : undefined);
  const corpus = await loadCorpus(corpusPath);
  const texts = corpus.memes.slice(0, opts.limit ?? corpus.memes.length).map(passageText);
  const { encoder } = await openEncoder(config);
  await encoder.load();
  try {
    process.stdout.write(
      `bench:index — ${texts.length} passages from ${corpus.name}, model ${encoder.modelId}, threads ${config.MEMESEARCH_THREADS ?? 'ORT default'}\nmachine: ${machineLine()}\n`,
    );
    await encoder.embed(texts.slice(0, 8), 'passage'); // warm-up: first runs allocate arenas

    const timed = async (label: string, run: (tick: (n: number) => void) => Promise<unknown>) => {
      const bar = createProgress(label, texts.length, 'texts');
      const t0 = performance.now();
      await run((n) => bar.increment(n)).finally(() => bar.stop());
      return texts.length / ((performance.now() - t0) / 1000);
    };
    const ours = await timed('ours    ', (tick) =>
      encoder.embedIds(
        texts.map((t) => encoder.tokenIds(t, 'passage')),
        { batchSize: opts.batchSize, onProgress: tick },
      ),
    );
    const baseline = await timed('baseline', (tick) =>
      encoder.embedIds(
        texts.map((t) => encoder.tokenIds(t, 'passage', 128)),
        { batchSize: 1, padTo: 128, onProgress: tick },
      ),
    );
    const result = { ours_texts_per_s: round(ours), baseline_texts_per_s: round(baseline), ratio: round(ours / baseline) };
    process.stdout.write(
      `\n| method | texts/s |\n|---|---|\n| ours (sorted batches of ${opts.batchSize}, dynamic padding) | ${result.ours_texts_per_s} |\n| baseline (one at a time, fixed 128 tokens) | ${result.baseline_texts_per_s} |\n| ratio | ${result.ratio}× |\n`,
    );
    process.stdout.write(JSON.stringify(result) + '\n');
    return result;
  } finally {
    await encoder.dispose();
  }
}

const round = (x: number) => Number(x.toFixed(2));
