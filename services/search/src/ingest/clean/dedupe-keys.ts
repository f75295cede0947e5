// Tracking parameters say where a click came from, not which page it is.
const TRACKING_PARAM = /^(?:utm_[a-z]+|fbclid|gclid|yclid|ref|from)$/i;

/**
 * One key per page: scheme, "www.", a trailing slash, the fragment and tracking parameters don't
 * make another page. A site's root is no meme page (collections often put their home page in every
 * row), so it gets no key and never makes two memes duplicates.
 */
export function urlKey(url: string | null): string | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const path = u.pathname.replace(/\/+$/, '');
  if (path === '') return undefined;
  const params = [...u.searchParams].filter(([k]) => !TRACKING_PARAM.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return `${u.hostname.replace(/^www\./, '')}${path}${query ? `?${query}` : ''}`;
}

/** Text as a comparison key: case, ё/е, punctuation, quote style and spacing don't count. */
export function textKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A title's key: also without a leading "мем"/"meme", which pages add to the same name. */
export function titleKey(title: string): string {
  const key = textKey(title);
  const bare = key.replace(/^(?:мем|meme)\s+/, '');
  return bare || key;
}
