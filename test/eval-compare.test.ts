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

let splitDir: string;

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
  // A split of its own: the first 8 memes held out; each meme gets two "team" queries in its part's file.
  splitDir = join(dir, 'split');
  mkdirSync(join(splitDir, 'heldout'), { recursive: true });
  mkdirSync(join(splitDir, 'train'), { recursive: true });
  writeFileSync(
    join(splitDir, 'heldout', 'memes.txt'),
    '# test split\n' +
      memes
        .slice(0, 8)
        .map((m) => m.url)
        .join('\n') +
      '\n',
  );
  const team = (ms: BuiltinMeme[]) =>
    [
      'query\trelevant\tstyle',
      ...ms.flatMap((m) => [`про ${m.description.split('. ')[1] ?? m.title}\t${m.url}\tsituation`, `${m.title} мем\t${m.url}\tpicture`]),
    ].join('\n') + '\n';
  writeFileSync(join(splitDir, 'heldout', 'queries.tsv'), team(memes.slice(0, 8)));
  writeFileSync(join(splitDir, 'train', 'queries.tsv'), team(memes.slice(8)));
});
afterAll(() => cleanup?.());

describe('eval --compare', () => {
  it('runs configurations on the held-out split and the natural set and writes table, chart and JSON', async () => {
    const empty = join(dir, 'no-training');
    mkdirSync(empty);
    const out = (name: string) => join(dir, name);
    const r = await cli(
      [
        'eval',
        '--compare',
        'e5',
        'e5+bm25',
        'e5+char',
        'e5+char+rrf',
        'tuned',
        '--corpus',
        corpus,
        '--queries',
        queries,
        '--split-dir',
        splitDir,
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
    expect(r.stdout).toMatch(/^configuration\s+R@1\s+R@5/m);
    expect(r.stdout).toMatch(/^e5\+char\s+\d\.\d{3}/m);

    const json = JSON.parse(readFileSync(out('r.json'), 'utf8')) as {
      queries: { validation: number; heldout: number; natural: number };
      rows: Array<{
        config: string;
        skipped: string[];
        latencyP50Ms?: number;
        fitted?: Array<{ kind: string; weight: number }>;
        heldout?: { n: number; 'recall@10': number; byStyle: Record<string, { n: number }> };
        natural?: { n: number; byStyle: Record<string, { n: number }> };
      }>;
    };
    expect(json.rows.map((row) => row.config)).toEqual(['e5', 'e5+bm25', 'e5+char', 'e5+char+rrf', 'tuned']);
    const [e5, bm25, char, rrf, tuned] = json.rows;
    // Held out: 8 memes × 2 team queries + the natural rows whose meme is held out (the first 6 memes).
    expect(json.queries.heldout).toBe(16 + 6);
    expect(e5!.heldout!.n).toBe(22);
    expect(Object.keys(e5!.heldout!.byStyle).sort()).toEqual(['picture', 'short', 'situation', 'typo']);
    expect(e5!.heldout!.byStyle.situation!.n).toBe(8);
    // Validation: 10% of the other 17 memes (2), two queries each; weights fitted there, per scorer.
    expect(json.queries.validation).toBe(4);
    expect(bm25!.fitted!.map((c) => c.kind)).toEqual(['bm25']);
    expect(char!.fitted!.map((c) => c.kind)).toEqual(['char']);
    expect(rrf!.fitted).toBeUndefined();
    expect(e5!.natural!.n).toBe(6);
    expect(Object.keys(e5!.natural!.byStyle).sort()).toEqual(['short', 'typo']);
    expect(e5!.latencyP50Ms).toBeGreaterThan(0);
    expect(char!.heldout!['recall@10']).toBeGreaterThan(0);
    // No fine-tuned models in --tuned-dir: the configuration is reported as skipped, with what to do.
    expect(tuned!.heldout).toBeUndefined();
    expect(tuned!.skipped.join(' ')).toMatch(/npm run train/);

    const svg = readFileSync(out('c.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('e5+char');
    const md = readFileSync(out('t.md'), 'utf8');
    expect(md).toMatch(/^\| `e5\+char` \| \d\.\d{3} \|/m);
    expect(md).toMatch(/situation R@5 \(8\)/);
  });

  it('refuses an unknown configuration before loading anything', async () => {
    const r = await cli(['eval', '--compare', 'e5+bm42', '--corpus', corpus], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown switch "bm42"/);
  });
});
