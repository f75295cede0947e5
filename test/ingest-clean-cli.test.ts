import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../services/search/src/config/env.js';
import { loadJsonlCorpus } from '../services/search/src/corpus/jsonl.loader.js';
import { MemeSchema } from '../services/search/src/corpus/meme.js';
import { cleanWithModel } from '../services/search/src/ingest/clean/clean-with-model.js';
import { cli } from './helpers/cli.js';
import { DEFAULT_MODEL, isolatedCache } from './helpers/model.js';

/** The cleaning step with the real e5 model, and `memesearch ingest clean` end to end. */
let dir: string;
let config: Config;
let cleanup: () => void;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ dir, config, cleanup } = await isolatedCache());
  env = { MEMESEARCH_CACHE_DIR: dir };
});
afterAll(() => cleanup?.());

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

// Two retellings of one meme in other words, and a different meme whose title looks alike.
const ZHDUN_A =
  'Серое существо с телом тюленя и грустным человеческим лицом сидит, сложив руки на животе. Мем ставят, когда бесконечно ждут ответа, зарплаты или посылки.';
const ZHDUN_B =
  'Серое существо с туловищем тюленя и грустным лицом человека сидит, сложа руки на животе. Его ставят, когда бесконечно ждут ответа, зарплаты или посылки.';
const ZHDUN_OFFICE =
  'Офисный работник засыпает за столом в пятницу вечером, пока начальник рассказывает о планах на следующий квартал. Мем про скучные совещания.';

describe('cleanMemes with the real model', () => {
  it('merges two paraphrased copies of the same meme and keeps a look-alike title that means something else', async () => {
    const memes = [
      MemeSchema.parse({ id: 'zhdun', title: 'Ждун', description: ZHDUN_A, url: 'https://memepedia.ru/zhdun/' }),
      MemeSchema.parse({ id: 'zhdun-mem', title: 'Мем «Ждун»', description: ZHDUN_B, tags: ['ожидание'] }),
      MemeSchema.parse({ id: 'zhdun-v-ofise', title: 'Ждун в офисе', description: ZHDUN_OFFICE }),
    ];
    const { result, modelId } = await cleanWithModel(memes, config, { embeddings: 'require' });
    expect(modelId).toBe(config.MEMESEARCH_MODEL);
    expect(result.embedded).toBe(3);
    const ids = result.memes.map((m) => m.id);
    expect(ids).toHaveLength(2);
    expect(ids).toContain('zhdun-v-ofise');
    expect(result.dropped).toHaveLength(1);
    const [drop] = result.dropped;
    expect(drop).toMatchObject({ kind: 'near-duplicate', reason: expect.stringMatching(/cosine 0\.9[7-9]\d ≥ 0\.97/) });
    const kept = result.memes.find((m) => m.id === drop!.keptId)!;
    // Whichever was kept now has the url and the tag of both.
    expect(kept).toMatchObject({ url: 'https://memepedia.ru/zhdun/', tags: ['ожидание'] });
  });
});

describe('memesearch ingest clean', () => {
  const input = () =>
    file(
      'dirty.jsonl',
      jsonl([
        {
          id: 'zhdun',
          title: 'Ждун',
          description: `<p>${ZHDUN_A}</p>\nЧитайте также: Мем «Кот»\nПоделиться`,
          url: 'https://memepedia.ru/zhdun/',
        },
        { id: 'zhdun', title: 'Мем “Ждун”', description: ZHDUN_B },
        { id: 'zhdun-dup', title: 'Ждун!', description: ZHDUN_A, url: 'http://www.memepedia.ru/zhdun?utm_source=tg' },
        { id: 'pusto', title: 'Пусто', description: 'Подробнее…' },
        { id: 'ofis', title: 'Ждун в офисе', description: ZHDUN_OFFICE },
      ]),
    );

  it('cleans a corpus with the model: a drop report on stderr, a summary on stdout, a loadable file', async () => {
    const out = join(dir, 'clean.jsonl');
    const r = await cli(['ingest', 'clean', input(), '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^renamed duplicate id "zhdun" → "zhdun-2"$/m);
    expect(r.stderr).toMatch(/^dropped "pusto" \(Пусто\): description is empty after cleaning$/m);
    expect(r.stderr).toMatch(/^dropped "zhdun-dup" \(Ждун!\): same page as "zhdun"/m);
    expect(r.stderr).toMatch(/^dropped "zhdun-2" \(Мем «Ждун»\): near-duplicate of "zhdun": cosine 0\.9\d\d/m);
    expect(r.stdout).toMatch(
      new RegExp(
        String.raw`^cleaned .*dirty\.jsonl → .*clean\.jsonl: 5 memes read, 2 kept, 3 dropped \(1 (?:duplicate url|empty|near-duplicate), .*\), \d+ texts changed, 1 ids re-suffixed, \d memes embedded with ${DEFAULT_MODEL}, [\d.]+ s$`,
        'm',
      ),
    );
    const corpus = await loadJsonlCorpus(out);
    expect(corpus.memes.map((m) => m.id)).toEqual(['zhdun', 'ofis']);
    expect(corpus.memes[0]!.description).toBe(ZHDUN_A);
  });

  it('cleans without the model when asked, and says how to get it when it is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'memesearch-nomodel-'));
    try {
      const out = join(dir, 'no-model.jsonl');
      const missing = await cli(['ingest', 'clean', input(), '--out', out], { MEMESEARCH_CACHE_DIR: empty });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(new RegExp(`^error: model ${DEFAULT_MODEL} is not in the cache`, 'm'));
      expect(missing.stderr).toMatch(
        new RegExp(`^hint: run \`npx memesearch model fetch ${DEFAULT_MODEL}\`.*; or clean without it: --no-embeddings$`, 'm'),
      );
      expect(existsSync(out)).toBe(false);

      const r = await cli(['ingest', 'clean', input(), '--out', out, '--no-embeddings'], { MEMESEARCH_CACHE_DIR: empty });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/5 memes read, 3 kept, 2 dropped .*no embeddings/);
      expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a bad threshold and a corpus line that is not a meme, naming the row', async () => {
    const bad = await cli(['ingest', 'clean', input(), '--out', join(dir, 'x.jsonl'), '--threshold', '1.5'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threshold must be a number above 0 and at most 1/);
    const broken = file(
      'broken.jsonl',
      jsonl([
        { id: 'a', title: 'А', description: 'б' },
        { id: 'b', title: 'Б' },
      ]),
    );
    const r = await cli(['ingest', 'clean', broken, '--out', join(dir, 'x.jsonl'), '--no-embeddings'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*broken\.jsonl, row 2: description: /m);
  });
});
