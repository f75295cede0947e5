import { describe, expect, it } from 'vitest';
import { MemeSchema, passageText, type Meme } from '../services/search/src/corpus/meme.js';
import { cleanMemes, type EmbedFn } from '../services/search/src/ingest/clean/clean-memes.js';
import { cleanText, normalizeQuotes, stripBoilerplate, stripHtml } from '../services/search/src/ingest/clean/clean-text.js';
import { urlKey } from '../services/search/src/ingest/clean/dedupe-keys.js';
import { uniqueIds } from '../services/search/src/ingest/clean/unique-ids.js';

/** The cleaning step's rules, one by one, on small hand-made memes (pure logic, no model). */
const meme = (id: string, title: string, description: string, extra: Partial<Meme> = {}): Meme =>
  MemeSchema.parse({ id, title, description, ...extra });

describe('text rules', () => {
  it('strips leftover HTML tags and entities, but keeps text that only looks like markup', () => {
    expect(cleanText('<p>Мем&nbsp;<b>«Ждун»</b> &mdash; про ожидание.</p><p>Второй абзац.<br/>Строка</p>')).toBe(
      'Мем «Ждун» — про ожидание. Второй абзац. Строка',
    );
    expect(stripHtml('<script>alert(1)</script>Текст<!-- комментарий -->')).toBe(' Текст ');
    expect(cleanText('Мем <Ждун> и a < b > c, R&D, &copy2020')).toBe('Мем <Ждун> и a < b > c, R&D, &copy2020');
  });

  it('drops lines of page furniture: read also, source, share and subscribe, read more', () => {
    const page = [
      'Мем про кота, который недоволен ужином.',
      'Читайте также: Мем «Ждун»',
      'Источник: https://example.org/kot',
      'Поделиться',
      'Подписывайтесь на наш канал в Telegram',
      'Кот смотрит на тарелку с презрением.',
      'Подробнее…',
    ].join('\n');
    expect(cleanText(page)).toBe('Мем про кота, который недоволен ужином. Кот смотрит на тарелку с презрением.');
  });

  it('cuts the same furniture from the tail of flattened text, and only from the tail', () => {
    expect(stripBoilerplate('Кот недоволен ужином. Читайте также: Мем про собаку')).toBe('Кот недоволен ужином.');
    expect(stripBoilerplate('Кот недоволен ужином. Подробнее…')).toBe('Кот недоволен ужином.');
    expect(stripBoilerplate('Кот недоволен. Поделиться в ВКонтакте. Источник: example.org')).toBe('Кот недоволен.');
    expect(stripBoilerplate('Блогер набрал тысячи подписчиков. Подписывайтесь на канал!')).toBe('Блогер набрал тысячи подписчиков.');
    // Real content with the same words stays.
    for (const text of [
      'Мем ставят, когда хочется поделиться',
      'Фото стало источником вдохновения для тысяч подписчиков.',
      'Об этом мы расскажем подробнее',
      'Источник мема — сериал. Его смотрят все.',
    ])
      expect(stripBoilerplate(text)).toBe(text);
  });

  it('brings every quote style to «ёлочки» outside and „лапки“ inside', () => {
    expect(normalizeQuotes('Мем “А мне X дороже Y” (или “А мне X важнее Y”)')).toBe('Мем «А мне X дороже Y» (или «А мне X важнее Y»)');
    expect(normalizeQuotes('Фильм „Брат“ и ‟Брат 2”')).toBe('Фильм «Брат» и «Брат 2»');
    expect(normalizeQuotes('Мем “Кот “Барсик” смотрит”.')).toBe('Мем «Кот „Барсик“ смотрит».');
    expect(normalizeQuotes('He said "this is fine" twice')).toBe('He said «this is fine» twice');
    expect(normalizeQuotes('“[Отличное] пати”')).toBe('«[Отличное] пати»');
    // A lone straight quote is an inch mark or a typo: left alone.
    expect(normalizeQuotes('Экран 27" и «Ждун»')).toBe('Экран 27" и «Ждун»');
  });

  it('normalises whitespace (nbsp, tabs, blank lines)', () => {
    expect(cleanText('\u00a0Мем\u00a0 «Ждун»\n\n\t– это   скульптура ')).toBe('Мем «Ждун» – это скульптура');
  });
});

describe('dedupe keys and ids', () => {
  it('treats scheme, www, trailing slash, fragment and tracking parameters as the same page', () => {
    const key = urlKey('https://memepedia.ru/zhdun/');
    expect(key).toBe('memepedia.ru/zhdun');
    for (const u of ['http://www.memepedia.ru/zhdun', 'https://memepedia.ru/zhdun/#comments', 'https://memepedia.ru/zhdun/?utm_source=tg'])
      expect(urlKey(u)).toBe(key);
    expect(urlKey('https://memepedia.ru/zhdun/?page=2')).not.toBe(key);
    // A site's root names no meme: never a duplicate key.
    expect(urlKey('https://knowyourmeme.com/')).toBeUndefined();
  });

  it('re-suffixes repeated ids as the memepedia loader does', () => {
    expect(uniqueIds(['a', 'b', 'a', 'a', 'a-2']).ids).toEqual(['a', 'b', 'a-2', 'a-3', 'a-2-2']);
    expect(uniqueIds(['a', 'a']).renamed).toEqual([{ from: 'a', to: 'a-2', index: 1 }]);
  });
});

describe('cleanMemes', () => {
  it('drops empty entries, exact duplicates by page and by text, keeping the richer twin and what only the other had', async () => {
    const { memes, dropped } = await cleanMemes([
      meme('zhdun', 'Ждун', 'Серое существо ждёт.', { url: 'https://memepedia.ru/zhdun/', tags: ['ожидание'] }),
      meme('zhdun-copy', 'Ждун (копия)', 'Серое существо с грустным лицом терпеливо ждёт.', {
        url: 'http://www.memepedia.ru/zhdun?utm_source=vk',
        imageUrl: 'https://memepedia.ru/zhdun.jpg',
        tags: ['очередь'],
      }),
      meme('only-furniture', 'Пустышка', 'Читайте также: Мем «Ждун»\nПодробнее…'),
      meme('gallery', 'Галерея котов', 'Галерея'),
      meme('kot', 'Кот за столом', 'Кот “недоволен” ужином.'),
      meme('kot-2', 'КОТ за столом!', 'Кот «недоволен» ужином', { date: '2019' }),
    ]);
    expect(memes.map((m) => m.id)).toEqual(['zhdun-copy', 'kot']);
    // The kept twin took over the dropped one's tags and the date it lacked.
    expect(memes[0]).toMatchObject({ imageUrl: 'https://memepedia.ru/zhdun.jpg', tags: ['очередь', 'ожидание'] });
    expect(memes[1]).toMatchObject({ description: 'Кот «недоволен» ужином.', date: '2019' });
    expect(dropped).toEqual([
      expect.objectContaining({
        id: 'zhdun',
        kind: 'duplicate url',
        keptId: 'zhdun-copy',
        reason: expect.stringMatching(/same page as "zhdun-copy"/),
      }),
      expect.objectContaining({ id: 'only-furniture', kind: 'empty', reason: 'description is empty after cleaning' }),
      expect.objectContaining({ id: 'gallery', kind: 'empty', reason: expect.stringMatching(/Галерея/) }),
      expect.objectContaining({ id: 'kot-2', kind: 'duplicate text', keptId: 'kot' }),
    ]);
  });

  it('without embeddings merges same-titled memes only when their text is nearly the same', async () => {
    const long = 'Белый кот сидит за столом перед тарелкой с овощами и смотрит на хозяйку с таким презрением, будто ему подали яд.';
    const { memes, dropped } = await cleanMemes([
      meme('kot-a', 'Кот за столом', long),
      meme('kot-b', 'Мем «Кот за столом»', long.replace('с овощами', 'с овощем') + ' Ещё'),
      meme('kot-c', 'Кот за столом', 'Совсем другой мем: рыжий кот играет на пианино.'),
    ]);
    expect(memes.map((m) => m.id)).toEqual(['kot-b', 'kot-c']);
    expect(dropped).toEqual([
      expect.objectContaining({
        id: 'kot-a',
        kind: 'near-duplicate',
        keptId: 'kot-b',
        reason: expect.stringMatching(/same title, descriptions 9\d% alike/),
      }),
    ]);
  });

  it('makes ids unique first, so the drop report names the right twin', async () => {
    const { memes, renamed, dropped } = await cleanMemes([
      meme('kot', 'Кот', 'Первый кот, длинное описание про кота.'),
      meme('kot', 'Собака', 'Собака, а не кот.'),
      meme('kot', 'Кот', 'Первый кот, длинное описание про кота.'),
    ]);
    expect(memes.map((m) => m.id)).toEqual(['kot', 'kot-2']);
    expect(renamed.map((r) => r.to)).toEqual(['kot-2', 'kot-3']);
    expect(dropped).toEqual([expect.objectContaining({ id: 'kot-3', kind: 'duplicate text', keptId: 'kot' })]);
  });

  describe('with embeddings', () => {
    const corpus = [
      meme('zhdun', 'Ждун', 'Серое существо с телом тюленя сидит и ждёт.'),
      meme('zhdun-2', 'Мем Ждун', 'Серое создание, похожее на тюленя, сидит и терпеливо ждёт чего-то.', { tags: ['ожидание'] }),
      meme('zhdun-park', 'Ждун в парке', 'Скульптура ждуна в городском парке.'),
      meme('tyulen', 'Тюлень', 'Серое существо с телом тюленя сидит и ждёт.'),
    ];
    // Chosen vectors: the two Ждун texts point almost the same way, the park one less so; the
    // seal is identical in vector to the first but has an unrelated title.
    const vectors: Record<string, number[]> = {
      zhdun: [1, 0, 0],
      'zhdun-2': [0.98, 0.199, 0],
      'zhdun-park': [0.8, 0.6, 0],
      tyulen: [1, 0, 0],
    };
    /** A fake that knows only the texts it was given vectors for, and records what it was asked. */
    const fakeEmbed = (calls: string[][]): EmbedFn => {
      const byText = new Map(corpus.map((m) => [passageText(m), vectors[m.id]!]));
      return async (texts) => {
        calls.push(texts);
        return texts.map((t) => {
          const v = byText.get(t);
          if (!v) throw new Error(`unexpected text to embed: ${t}`);
          return Float32Array.from(v);
        });
      };
    };

    it('merges pairs with similar titles and cosine ≥ threshold, keeping the richer one', async () => {
      const calls: string[][] = [];
      const { memes, dropped, embedded } = await cleanMemes(corpus, { embed: fakeEmbed(calls) });
      expect(memes.map((m) => m.id)).toEqual(['zhdun-2', 'zhdun-park', 'tyulen']);
      expect(dropped).toEqual([
        {
          id: 'zhdun',
          title: 'Ждун',
          kind: 'near-duplicate',
          keptId: 'zhdun-2',
          reason: expect.stringMatching(/^near-duplicate of "zhdun-2": cosine 0\.98\d ≥ 0\.97/),
        },
      ]);
      // Only memes with a similar-titled partner were embedded, in one call; the seal never was.
      expect(calls).toHaveLength(1);
      expect(embedded).toBe(3);
      expect(calls[0]!.some((t) => t.startsWith('Тюлень'))).toBe(false);
    });

    it('takes the threshold from the options', async () => {
      const { memes } = await cleanMemes(corpus, { embed: fakeEmbed([]), threshold: 0.89 });
      expect(memes.map((m) => m.id)).toEqual(['zhdun-2', 'tyulen']);
      const strict = await cleanMemes(corpus, { embed: fakeEmbed([]), threshold: 0.99 });
      expect(strict.dropped).toEqual([]);
    });

    it('embeds nothing when no titles are alike', async () => {
      const calls: string[][] = [];
      const { dropped } = await cleanMemes([corpus[0]!, corpus[3]!], { embed: fakeEmbed(calls) });
      expect(calls).toEqual([]);
      expect(dropped).toEqual([]);
    });
  });
});
