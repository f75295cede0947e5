/**
 * Small value parsers shared by the list and meme page parsers: URLs, dates and view counts as
 * memepedia prints them. Each returns null for anything it cannot read, never a guess.
 */

/** `href` made absolute against the page; only http(s) URLs without a fragment are kept. */
export function absoluteUrl(href: string | undefined, pageUrl: string): string | null {
  const raw = href?.trim();
  if (!raw || raw.startsWith('data:')) return null;
  try {
    const url = new URL(raw, pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** Same scheme, host and port: the crawler never follows links off the site it was pointed at. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

const MONTHS: Record<string, number> = {
  январ: 1,
  феврал: 2,
  март: 3,
  апрел: 4,
  ма: 5,
  июн: 6,
  июл: 7,
  август: 8,
  сентябр: 9,
  октябр: 10,
  ноябр: 11,
  декабр: 12,
};

/**
 * "YYYY-MM-DD" from what pages carry: ISO timestamps (meta article:published_time, <time datetime>),
 * "13.04.2022 в 09:12" or "13 апреля 2022". The date is taken as written, not converted to UTC:
 * a post at 01:00 Moscow time belongs to the day the site shows.
 */
export function isoDate(text: string | undefined | null): string | null {
  const s = text?.trim().toLowerCase();
  if (!s) return null;
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(s))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /(\d{1,2})\s+([а-яё]+)\s+(\d{4})/.exec(s))) {
    const word = match[2]!;
    // "ма" (май, мая) is also the start of "марта": try the longer stems first.
    const stem = Object.keys(MONTHS)
      .sort((a, b) => b.length - a.length)
      .find((k) => word.startsWith(k));
    if (!stem) return null;
    [d, m, y] = [Number(match[1]), MONTHS[stem]!, Number(match[3])];
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1990 || y > 2100 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A view counter as the theme prints it: "12 345", "12,345", "1.2K", "3,4 тыс.", "1,5M". Abbreviated
 * counts are rounded the way the site rounded them; that is still a fine popularity signal.
 */
export function parseViews(text: string | undefined | null): number | null {
  const s = text
    ?.toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
  if (!s) return null;
  const match = /^(\d[\d ,.]*?)\s*(k|к|тыс\.?|m|м|млн\.?)?(?:\s*(просмотр\S*|views?))?$/.exec(s);
  if (!match) return null;
  const digits = match[1]!.trim();
  const suffix = match[2];
  if (!suffix) {
    // Without a suffix, spaces, commas and dots can only be thousands separators.
    const n = Number(digits.replace(/[ ,.]/g, ''));
    return Number.isSafeInteger(n) ? n : null;
  }
  const n = Number(digits.replace(/ /g, '').replace(',', '.'));
  if (!Number.isFinite(n)) return null;
  const scale = /^(k|к|тыс)/.test(suffix) ? 1_000 : 1_000_000;
  return Math.round(n * scale);
}
