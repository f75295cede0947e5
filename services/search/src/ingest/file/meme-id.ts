import slugify from '@sindresorhus/slugify';
import { slugFromUrl } from '../../corpus/text-clean.js';
import { sha256Text } from '../../util/sha256.js';

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const MAX_SLUG = 80;

/**
 * A stable id for an imported meme: the id column if mapped, else the page's slug (as the memepedia
 * loader makes it, so both agree), else the title transliterated ("Ждун" → "zhdun"). Uniqueness is
 * the caller's job (uniqueIds).
 */
export function memeId(given: string, url: string | null, title: string): string | undefined {
  if (given !== '') {
    const lower = given.trim().toLowerCase();
    if (ID.test(lower) && lower.length <= 200) return lower;
    return slugOf(given);
  }
  if (url) {
    const slug = slugFromUrl(url);
    if (slug) return slug;
  }
  return slugOf(title) ?? `t-${sha256Text(title).slice(0, 10)}`;
}

function slugOf(text: string): string | undefined {
  const slug = slugify(text, { preserveCharacters: ['.', '_'] })
    .slice(0, MAX_SLUG)
    .replace(/^[-._]+|[-._]+$/g, '');
  return ID.test(slug) ? slug : undefined;
}
