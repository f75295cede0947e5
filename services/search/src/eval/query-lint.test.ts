import { describe, expect, it } from 'vitest';
import type { Corpus, Meme } from '../corpus/meme.js';
import { lintQueries, type RawQueryRow } from './query-lint.js';

const meme = (id: string, title: string, description: string): Meme => ({
  id,
  title,
  description,
  url: `https://memepedia.ru/${id}/`,
  imageUrl: null,
  tags: [],
  date: null,
  source: 'memepedia',
  views: null,
});
const corpus: Corpus = {
  name: 't',
  path: 't.tsv',
  memes: [meme('zhdun', 'Ждун', 'Серое существо терпеливо ждёт перемен в очереди'), meme('kot', 'Кот за столом', 'Белый кот недоумевает')],
  examples: new Map([['zhdun', 'Когда ждёшь ответа от начальника уже третий день подряд']]),
  dropped: [],
};
let n = 1;
const row = (query: string, style: string, link = 'https://memepedia.ru/zhdun/'): RawQueryRow => ({
  row: ++n,
  query,
  relevant: [link],
  style,
});
const problems = (rows: RawQueryRow[]) => lintQueries(rows, corpus).problems.map((p) => p.problem);

describe('lintQueries', () => {
  it('passes queries in their own words', () => {
    expect(
      problems([row('третий час сижу у кабинета врача и надеюсь', 'situation'), row('серый толстяк сидит на лавке', 'picture')]),
    ).toEqual([]);
  });

  it('finds 4 words in a row from the meaning or example, whatever the case, ё or punctuation', () => {
    expect(problems([row('Терпеливо ЖДЕТ перемен, в очереди!', 'picture')])[0]).toMatch(/repeats «терпеливо ждет перемен в»/);
    expect(problems([row('вот ждешь ответа от начальника и всё', 'typo')])[0]).toMatch(/repeats «ждешь ответа от начальника»/);
    expect(problems([row('ждёшь ответа от тётки', 'typo')])).toEqual([]);
  });

  it('finds a situation that names its meme by a title stem, but lets other styles use the name', () => {
    expect(problems([row('котик опять сидит и не понимает', 'situation', 'https://memepedia.ru/kot/')])).toEqual([]);
    expect(problems([row('коты опять не понимают что за ужин', 'situation', 'https://memepedia.ru/kot/')])[0]).toMatch(
      /shares the stem кот/,
    );
    expect(problems([row('кот за столом', 'short', 'https://memepedia.ru/kot/')])).toEqual([]);
  });

  it('finds unknown links, duplicates, unknown styles, long short queries and control characters', () => {
    const found = problems([
      row('просто запрос', 'situation', 'https://memepedia.ru/nope/'),
      row('один и тот же', 'picture'),
      row('Один,  и тот же!', 'typo'),
      row('что-то', 'meme'),
      row('раз два три четыре пять', 'short'),
      row('табуляция\tвнутри', 'picture'),
    ]);
    expect(found).toEqual([
      expect.stringMatching(/not in the corpus/),
      expect.stringMatching(/duplicate of row/),
      expect.stringMatching(/unknown style "meme"/),
      expect.stringMatching(/short query has 5 words/),
      expect.stringMatching(/control character/),
    ]);
  });
});
