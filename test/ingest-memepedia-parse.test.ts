import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemeSchema } from '../services/search/src/corpus/meme.js';
import { parseListPage } from '../services/search/src/ingest/memepedia/list-page.parser.js';
import { parseMemePage, type MemePageResult } from '../services/search/src/ingest/memepedia/meme-page.parser.js';
import { isoDate, parseViews } from '../services/search/src/ingest/memepedia/page-values.js';
import { parseRetryAfter } from '../services/search/src/ingest/memepedia/retry-after.js';

/** The memepedia parsers on the fixture pages, read as the real site would serve them. */
const fixture = (path: string) => readFileSync(new URL(`./fixtures/memepedia/${path}`, import.meta.url), 'utf8');
/** Deliberately broken pages are stored as index.html.txt (prettier would reformat or reject them). */
const sitePage = (slug: string, hints = {}, file = 'index.html') =>
  parseMemePage(fixture(`site/${slug}/${file}`), `https://memepedia.ru/${slug}/`, hints);

function meme(result: MemePageResult) {
  if (!result.ok) throw new Error(`expected a meme, got: ${result.reason}`);
  expect(MemeSchema.parse(result.meme)).toEqual(result.meme);
  return result.meme;
}

describe('parseMemePage', () => {
  it('reads a full article: meaning section, og:image, tags, date, views, canonical link', () => {
    expect(meme(sitePage('kot-kosmonavt'))).toEqual({
      id: 'kot-kosmonavt',
      title: 'Кот-космонавт',
      description:
        'Мем используют, когда кто-то собирается совершить что-то грандиозное, но готовится к этому подручными средствами и не вставая с дивана. ' +
        'Например, когда планируешь покорить мир, не выходя из квартиры. Или когда берёшься за большой проект с одним старым ноутбуком.',
      url: 'https://memepedia.ru/kot-kosmonavt/',
      imageUrl: 'https://memepedia.ru/wp-content/uploads/2024/03/kot-kosmonavt-mem.jpg',
      tags: ['коты', 'космос', 'фото'],
      date: '2024-03-10',
      source: 'memepedia',
      views: 15320,
    });
  });

  it('keeps the origin story, the Telegram box, captions and the gallery out of the description', () => {
    const { description } = meme(sitePage('kot-kosmonavt'));
    expect(description).not.toMatch(/Снимок выложила|Telegram|Исходное фото|Галерея/);
  });

  it('finds the meaning under other headings and heading levels, up to the next heading of its level', () => {
    expect(meme(sitePage('grustnyj-ponchik')).description).toMatch(/^Картинкой отвечают, когда у человека забрали самое приятное/);
    const kaktus = meme(sitePage('tancuyushhij-kaktus'));
    // «Что означает мем» is an h3 with an h4 «Примеры» inside it; the h3 «Галерея» ends it.
    expect(kaktus.description).toMatch(/^Мем показывают, когда радуются мелочам.+Когда в пятницу отпустили с работы/);
    expect(kaktus.description).not.toMatch(/Видео снял школьник|Галерея/);
    expect(meme(sitePage('molchalivyj-gus')).views).toBe(1_200_000);
  });

  it('falls back to the first substantive paragraphs when there is no meaning section', () => {
    const cat = meme(sitePage('bez-znacheniya'));
    expect(cat.description).toBe(
      'Кот на клавиатуре — снимок кота, который улёгся прямо на клавиатуру ноутбука, пока хозяин пытался закончить срочный отчёт. ' +
        'Картинку присылают друг другу, когда что-то мешает работать в самый неподходящий момент и сделать с этим ничего нельзя.',
    );
  });

  it('makes relative links absolute: canonical, lazy-loaded image (data-src over a data: placeholder)', () => {
    const owl = meme(sitePage('otnositelnye-kartinki'));
    expect(owl.url).toBe('https://memepedia.ru/otnositelnye-kartinki/');
    expect(owl.imageUrl).toBe('https://memepedia.ru/wp-content/uploads/2023/03/udivlyonnaya-sova.jpg');
    // The page has no date or counter: null, unless the listing gave them.
    expect([owl.date, owl.views]).toEqual([null, null]);
    const hinted = meme(sitePage('otnositelnye-kartinki', { date: '2023-03-12', views: 640 }));
    expect([hinted.date, hinted.views]).toEqual(['2023-03-12', 640]);
  });

  it('gives a partial page nulls, not a failure', () => {
    const mug = meme(parseMemePage(fixture('pages/partial.html'), 'https://memepedia.ru/kruzhka-bez-ruchki/'));
    expect(mug).toMatchObject({
      id: 'kruzhka-bez-ruchki',
      title: 'Кружка без ручки',
      description: 'Мем про вещь, которая вроде бы есть, но пользоваться ею невозможно.',
      url: 'https://memepedia.ru/kruzhka-bez-ruchki/',
      imageUrl: null,
      tags: [],
      date: null,
      views: null,
    });
  });

  it('reads sloppy HTML: unclosed tags, unquoted attributes, &nbsp;', () => {
    expect(meme(sitePage('sonnyj-enot', {}, 'index.html.txt'))).toEqual({
      id: 'sonnyj-enot',
      title: 'Сонный енот',
      description:
        'Енота вспоминают, когда после сытного обеда невозможно держать глаза открытыми, а впереди ещё полдня работы Особенно хорошо он подходит для понедельника.',
      url: 'https://memepedia.ru/sonnyj-enot/',
      imageUrl: 'https://memepedia.ru/wp-content/uploads/2022/12/sonnyj-enot.jpg',
      tags: ['еноты', 'сон'],
      date: '2022-12-01',
      source: 'memepedia',
      views: 3003,
    });
  });

  it.each([
    ['a page cut off mid-script', 'site/slomannaya-stranica/index.html.txt', /no title/],
    ['bytes that are not HTML', 'pages/garbage.html.txt', /no title/],
    ['a gallery with no text', 'pages/no-text.html', /no usable text/],
  ])('skips %s with a reason', (_, path, reason) => {
    const result = parseMemePage(fixture(path), 'https://memepedia.ru/x/');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parseListPage', () => {
  it('reads cards with dates and views, and the next page from <link rel="next">', () => {
    const page = parseListPage(fixture('site/memoteka/index.html'), 'https://memepedia.ru/memoteka/');
    expect(page.next).toBe('https://memepedia.ru/memoteka/page/2/');
    expect(page.items.map((i) => i.url)).toEqual([
      'https://memepedia.ru/kot-kosmonavt/',
      'https://memepedia.ru/grustnyj-ponchik/',
      'https://memepedia.ru/tancuyushhij-kaktus/',
      'https://memepedia.ru/closed/sekretnyj-mem/',
    ]);
    expect(page.items[1]).toEqual({
      url: 'https://memepedia.ru/grustnyj-ponchik/',
      title: 'Грустный пончик',
      date: '2024-02-02',
      views: 8400,
    });
  });

  it('takes the pager link when the head has none, and ends on the last page', () => {
    expect(parseListPage(fixture('site/memoteka/page/2/index.html'), 'https://memepedia.ru/memoteka/page/2/').next).toBe(
      'https://memepedia.ru/memoteka/page/3/',
    );
    const last = parseListPage(fixture('site/memoteka/page/3/index.html'), 'https://memepedia.ru/memoteka/page/3/');
    expect(last.next).toBeNull();
    expect(last.items).toHaveLength(3);
  });

  it('ignores links to other sites and duplicates', () => {
    const html = `<ul class="post-items">
      <li class="post-item"><h2 class="entry-title"><a href="/a/">A</a></h2></li>
      <li class="post-item"><h2 class="entry-title"><a href="https://evil.example/b/">B</a></h2></li>
      <li class="post-item"><h2 class="entry-title"><a href="https://memepedia.ru/a/#comments">A again</a></h2></li>
    </ul><a class="next page-numbers" href="https://evil.example/page/2/">next</a>`;
    expect(parseListPage(html, 'https://memepedia.ru/memoteka/')).toEqual({
      items: [{ url: 'https://memepedia.ru/a/', title: 'A', date: null, views: null }],
      next: null,
    });
  });
});

describe('page values', () => {
  it.each([
    ['2024-03-10T01:30:00+03:00', '2024-03-10'],
    ['13.04.2022 в 09:12', '2022-04-13'],
    ['5 марта 2021', '2021-03-05'],
    ['1 мая 2020', '2020-05-01'],
    ['31.02.2022', null],
    ['вчера', null],
  ])('isoDate(%j) = %j', (text, expected) => expect(isoDate(text)).toBe(expected));

  it.each([
    ['15 320', 15320],
    ['15,320', 15320],
    ['8,4K', 8400],
    ['1.2M', 1_200_000],
    ['3,4 тыс.', 3400],
    ['120 просмотров', 120],
    ['', null],
    ['много', null],
  ])('parseViews(%j) = %j', (text, expected) => expect(parseViews(text)).toBe(expected));

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
