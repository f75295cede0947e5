import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { isolatedCache } from './helpers/model.js';

/**
 * `eval --compare` end to end on the real model: a small memepedia-format corpus made from the
 * built-in memes (their first sentence as the "example" query), a natural query file, and every
 * output (table, Markdown, SVG chart, JSON).
 */
let dir: string;
let cleanup: () => void;
let env: NodeJS.ProcessEnv;
let corpus: string;
let queries: string;

interface BuiltinMeme {
  id: string;
  title: string;
  description: string;
  url?: string | null;
}

beforeAll(async () => {
  ({ dir, cleanup } = await isolatedCache());
  env = { MEMESEARCH_CACHE_DIR: dir };
  const memes = readFileSync(new URL('../data/builtin/memes.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BuiltinMeme)
    .filter((m) => m.url)
    .slice(0, 25);
  const rows = memes.map((m, i) => [i, 1, m.title, m.url, m.description, m.description.split('. ')[0], 'p', 'q'].join('\t'));
  corpus = join(dir, 'small.tsv');
  writeFileSync(corpus, ['\tpage\theader\tlink\tmeaning\texample\tpassage\tquery', ...rows].join('\n') + '\n');
  queries = join(dir, 'natural.tsv');
  writeFileSync(
    queries,
    ['query\trelevant\tstyle', ...memes.slice(0, 6).map((m, i) => `${m.title.toLowerCase()}\t${m.url}\t${i % 2 ? 'short' : 'typo'}`)].join(
      '\n',
    ) + '\n',
  );
});
afterAll(() => cleanup?.());

describe('eval --compare', () => {
  it('runs configurations on held-out folds and the natural set and writes table, chart and JSON', async () => {
    const empty = join(dir, 'no-training');
    mkdirSync(empty);
    const out = (name: string) => join(dir, name);
    const r = await cli(
      [
        'eval',
        '--compare',
        'e5',
        'e5+lex',
        'e5+exp',
        'tuned',
        '--corpus',
        corpus,
        '--queries',
        queries,
        '--tuned-dir',
        empty,
        '--chart',
        out('c.svg'),
        '--markdown',
        out('t.md'),
        '--json-out',
        out('r.json'),
        '--latency-queries',
        '3',
      ],
      env,
      300_000,
    );
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^configuration\s+H R@1/m);
    expect(r.stdout).toMatch(/^e5\+lex\s+\d\.\d{3}/m);

    const json = JSON.parse(readFileSync(out('r.json'), 'utf8')) as {
      heldoutQueries: number;
      naturalQueries: number;
      fitted: { lexicalWeight: { folds: number[] } };
      rows: Array<{
        config: string;
        skipped: string[];
        latencyP50Ms?: number;
        heldout?: { folds: Array<{ n: number }>; mean: Record<string, number> };
        natural?: { n: number; byStyle: Record<string, { n: number }> };
      }>;
    };
    expect(json.rows.map((row) => row.config)).toEqual(['e5', 'e5+lex', 'e5+exp', 'tuned']);
    const [e5, lex, , tuned] = json.rows;
    expect(json.heldoutQueries).toBe(25);
    expect(e5!.heldout!.folds).toHaveLength(5);
    expect(e5!.heldout!.folds.reduce((a, f) => a + f.n, 0)).toBe(25);
    expect(e5!.natural!.n).toBe(6);
    expect(Object.keys(e5!.natural!.byStyle).sort()).toEqual(['short', 'typo']);
    expect(e5!.latencyP50Ms).toBeGreaterThan(0);
    expect(json.fitted.lexicalWeight.folds).toHaveLength(5);
    expect(lex!.heldout!.mean['recall@10']).toBeGreaterThan(0);
    // No fine-tuned models in --tuned-dir: the configuration is reported as skipped, with what to do.
    expect(tuned!.heldout).toBeUndefined();
    expect(tuned!.skipped.join(' ')).toMatch(/npm run train/);

    const svg = readFileSync(out('c.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('e5+lex');
    expect(readFileSync(out('t.md'), 'utf8')).toMatch(/^\| `e5\+exp` \| \d\.\d{3} ±\d\.\d{3} \|/m);
  });

  it('refuses an unknown configuration before loading anything', async () => {
    const r = await cli(['eval', '--compare', 'e5+bm42', '--corpus', corpus], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown switch "bm42"/);
  });
});
