import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchClient } from '../services/search/src/client/search-client.js';
import { loadConfig } from '../services/search/src/config/env.js';
import { startServer, type RunningServer } from '../services/search/src/server/start-server.js';
import { cli } from './helpers/cli.js';
import { isolatedCache } from './helpers/model.js';

/**
 * The CLI and the gRPC service rank through one pipeline: for 20 varied queries (situations,
 * pictures, typos, names, a Latin one), `memesearch search --batch` and `Search` over gRPC return
 * the same memes in the same order with the same scores (priors off: the CLI has no feedback).
 */
const QUERIES = [
  'моё лицо, когда друзья рассказывают про отпуск, а я никуда не ездил',
  'когда всю ночь готовился к экзамену, а его перенесли',
  'кот за столом не понимает',
  'дедлайн завтра а я не начинал',
  'понедельник, опять на работу',
  'серое существо сидит и терпеливо ждёт',
  'ждун',
  'денег нет но вы держитесь',
  'када начальник пишет в пятницу вечером',
  'чел ну ты и кринж',
  'мужик в очках смотрит с подозрением',
  'собака в горящей комнате говорит что всё нормально',
  'я устал я ухожу',
  'зарплату опять задержали',
  'извени я не хотел',
  'stonks',
  'грустный пончик',
  'мем где девушка кричит на кота',
  'сдесь могла быть ваша реклама',
  'тот самый момент когда понял что забыл выключить утюг',
];

let running: RunningServer;
let client: SearchClient;
let cleanup: () => void;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ dir, cleanup } = await isolatedCache());
  env = { MEMESEARCH_CACHE_DIR: dir, RANKING_PRIORS: 'false', LOG_LEVEL: 'silent' };
  const config = loadConfig({ ...process.env, ...env, GRPC_PORT: '0', METRICS_PORT: '0', REDIS_URL: '' });
  running = await startServer({ ...config, REDIS_URL: undefined });
  client = new SearchClient(`127.0.0.1:${running.port}`, 30_000);
});
afterAll(async () => {
  client?.close();
  await running?.stop();
  cleanup?.();
});

describe('one ranking pipeline', () => {
  it('gives the same ids, order and scores from `memesearch search` and from gRPC Search', async () => {
    const file = join(dir, 'queries.txt');
    writeFileSync(file, QUERIES.join('\n') + '\n');
    const r = await cli(['search', '--batch', file, '--json', '-k', '10'], env, 300_000);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    const fromCli = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { query: string; results: Array<{ id: string; score: number }> });
    expect(fromCli.map((x) => x.query)).toEqual(QUERIES);
    for (const [i, query] of QUERIES.entries()) {
      const res = await client.search({ query, limit: 10 });
      const grpcIds = res.results.map((x) => x.meme!.id);
      expect(grpcIds, query).toEqual(fromCli[i]!.results.map((x) => x.id));
      res.results.forEach((x, j) => expect(x.score, `${query} #${j + 1}`).toBeCloseTo(fromCli[i]!.results[j]!.score, 4));
    }
  });
});
