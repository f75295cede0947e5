import { load } from 'cheerio';
import { normalizeWhitespace } from '../../corpus/text-clean.js';
import { absoluteUrl, isoDate, parseViews, sameOrigin } from './page-values.js';

/** One meme as a listing shows it, before its page is fetched. */
export interface ListItem {
  url: string;
  title: string | null;
  /** The post's date as the listing shows it ("YYYY-MM-DD"), when it does. */
  date: string | null;
  views: number | null;
}

export interface ListPage {
  items: ListItem[];
  /** The next listing page, or null on the last one. */
  next: string | null;
}

/**
 * A memepedia listing (/memoteka/, /category/…/, with WordPress paging /page/N/): the theme renders
 * `ul.post-items > li.post-item > article`, the link in `.entry-title a`, a `.post-views .count`
 * counter and a `<time datetime>`; the next page is `<link rel="next">` in the head and
 * `a.next.page-numbers` in the pager. Links to other sites are ignored.
 */
export function parseListPage(html: string, pageUrl: string): ListPage {
  const $ = load(html);
  let cards = $('.post-items .post-item');
  if (cards.length === 0) cards = $('article');
  const items: ListItem[] = [];
  const seen = new Set<string>();
  cards.each((_, card) => {
    const $card = $(card);
    const link = $card.find('.entry-title a[href], h2 a[href], h3 a[href]').first();
    const url = absoluteUrl(link.attr('href'), pageUrl);
    if (!url || !sameOrigin(url, pageUrl) || url === pageUrl || seen.has(url)) return;
    seen.add(url);
    const time = $card.find('time').first();
    items.push({
      url,
      title: normalizeWhitespace(link.text()) || null,
      date: isoDate(time.attr('datetime')) ?? isoDate(time.text()),
      views: parseViews($card.find('.post-views .count').first().text()),
    });
  });
  const nextHref = $('link[rel="next"]').attr('href') ?? $('a.next.page-numbers, .pagination a.next, .next-page a').first().attr('href');
  const next = absoluteUrl(nextHref, pageUrl);
  return { items, next: next && sameOrigin(next, pageUrl) && next !== pageUrl ? next : null };
}
