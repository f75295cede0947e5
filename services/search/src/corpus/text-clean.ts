import { sha256Text } from '../util/sha256.js';

/** Whitespace as people mean it: nbsp, tabs and line breaks become single spaces. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim();
}

/** Rules carried over from the original notebook: these `meaning` cells describe nothing. */
export function emptyMeaningReason(raw: string): string | undefined {
  const text = normalizeWhitespace(raw);
  if (text === '') return raw.length > 0 ? 'description is only whitespace (e.g. a lone nbsp)' : 'description is empty';
  if (text === 'Галерея') return 'description is just "Галерея" (a gallery page, no meaning)';
  return undefined;
}

/**
 * A stable id from a source URL's last path segment: https://memepedia.ru/zhdun/ → "zhdun". A path
 * with no latin slug gets "u-" + a hash of the URL, which is just as stable.
 */
export function slugFromUrl(url: string): string | undefined {
  let path: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    path = u.pathname;
  } catch {
    return undefined;
  }
  let last = path.split('/').filter(Boolean).at(-1) ?? '';
  try {
    last = decodeURIComponent(last);
  } catch {
    // keep it percent-encoded: still stable
  }
  const slug = last
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return /[a-z0-9]/.test(slug) ? slug : `u-${sha256Text(url).slice(0, 10)}`;
}
