import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { MemeSchema, type Meme } from '../../corpus/meme.js';
import { emptyMeaningReason, normalizeWhitespace, slugFromUrl } from '../../corpus/text-clean.js';
import { absoluteUrl, isoDate, parseViews } from './page-values.js';

export type MemePageResult = { ok: true; meme: Meme } | { ok: false; reason: string };

/** What the listing already told us about the page, used where the page itself is silent. */
export interface ListingHints {
  date?: string | null;
  views?: number | null;
}

const MEANING_HEADING = /^(значение|смысл)|что (означает|значит)/i;
/** Sections whose text says nothing about the meme itself. */
const NOISE_HEADING = /^(галерея|читайте также|смотрите также|источники|ссылки)/i;
/** Text nodes that are not the article: share buttons, galleries, embeds, counters, captions. */
const JUNK = [
  'script',
  'style',
  'noscript',
  'iframe',
  'figure',
  'figcaption',
  '.wp-caption-text',
  '.mistape_caption',
  '.share-box',
  '.tds-message-box',
  '.bb-post-gallery-content',
  '.twitter-tweet',
  '.post-views',
].join(', ');
/** Without a meaning section, the lead paragraphs are enough: the origin story that follows is history. */
const FALLBACK_CHARS = 600;
const FALLBACK_PARAGRAPHS = 3;
const MIN_PARAGRAPH_CHARS = 40;
const MAX_DESCRIPTION_CHARS = 10_000;

interface Block {
  /** 2–4 for a heading, null for text. */
  level: number | null;
  text: string;
}

/**
 * One memepedia article → a Meme, or the reason it is not one. The theme puts the post in
 * `.s-post-main` (h1 title, `time.published`, `.post-views .count`, `figure.post-thumbnail`) and its
 * text in `.s-post-content`, split by h2 headings such as «Происхождение» and «Значение».
 *
 * `description` is the meaning section alone when there is one: it says what the meme is used for,
 * in words close to how people describe their situation, while the origin story (who posted what,
 * when) would pull the embedding towards dates and names nobody searches for. Pages without such a
 * section get their first substantive paragraphs, which on this site introduce the meme.
 */
export function parseMemePage(html: string, pageUrl: string, hints: ListingHints = {}): MemePageResult {
  const $ = load(html);
  const post = firstOf($, ['.s-post-main', 'article', 'main', 'body']);

  const title = readTitle($, post);
  if (!title) return { ok: false, reason: 'no title (no <h1>, og:title or <title>)' };

  const canonical = absoluteUrl($('link[rel="canonical"]').attr('href'), pageUrl) ?? pageUrl;
  const id = slugFromUrl(canonical) ?? slugFromUrl(pageUrl);
  if (!id) return { ok: false, reason: `no id can be made from the URL ${canonical}` };

  // Read everything that lives in figures and counters before the text cleaning removes them.
  const imageUrl = readImage($, post, pageUrl);
  const date = readDate($, post) ?? hints.date ?? null;
  const views = parseViews(post.find('.post-views .count').first().text()) ?? hints.views ?? null;
  const tags = readTags($, post);

  const content = firstOf($, ['.s-post-content', '.entry-content'], post);
  content.find(JUNK).remove();
  const blocks = readBlocks($, content);
  const description = truncate(meaningSection(blocks) ?? leadParagraphs(blocks) ?? '', MAX_DESCRIPTION_CHARS);
  const empty = emptyMeaningReason(description);
  if (empty)
    return { ok: false, reason: `no usable text: no meaning section and no paragraph of ${MIN_PARAGRAPH_CHARS}+ characters (${empty})` };

  const parsed = MemeSchema.safeParse({ id, title, description, url: canonical, imageUrl, tags, date, views, source: 'memepedia' });
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; ') };
  }
  return { ok: true, meme: parsed.data };
}

function firstOf($: CheerioAPI, selectors: string[], within?: Cheerio<AnyNode>): Cheerio<AnyNode> {
  for (const selector of selectors) {
    const found = within ? within.find(selector).first() : $(selector).first();
    if (found.length > 0) return found;
  }
  return within ?? $.root();
}

function readTitle($: CheerioAPI, post: Cheerio<AnyNode>): string {
  const h1 = normalizeWhitespace(post.find('h1').first().text() || $('h1').first().text());
  if (h1) return h1;
  // og:title and <title> carry the site's name after a dash or a bar.
  const head = $('meta[property="og:title"]').attr('content') ?? $('title').first().text();
  return normalizeWhitespace(head.replace(/\s+[-–—|]\s+(мемепедия|memepedia)\b.*$/i, ''));
}

function readImage($: CheerioAPI, post: Cheerio<AnyNode>, pageUrl: string): string | null {
  const og = absoluteUrl($('meta[property="og:image"]').attr('content') ?? $('meta[name="twitter:image"]').attr('content'), pageUrl);
  if (og) return og;
  // Lazy-loading themes keep the real address in data-src and a placeholder in src.
  for (const selector of [
    'figure.post-thumbnail img',
    '.s-post-media-img img',
    '.bb-media-placeholder img',
    '.s-post-content img',
    'img',
  ]) {
    for (const img of post.find(selector).toArray()) {
      const $img = $(img);
      const url = absoluteUrl($img.attr('data-src') ?? $img.attr('data-lazy-src') ?? $img.attr('src'), pageUrl);
      if (url) return url;
    }
  }
  return null;
}

function readDate($: CheerioAPI, post: Cheerio<AnyNode>): string | null {
  const time = post.find('time.published').first();
  return (
    isoDate($('meta[property="article:published_time"]').attr('content')) ??
    isoDate(time.attr('datetime')) ??
    isoDate(post.find('time[datetime]').first().attr('datetime')) ??
    isoDate(time.text())
  );
}

function readTags($: CheerioAPI, post: Cheerio<AnyNode>): string[] {
  const raw = [
    ...post
      .find('a[rel~="tag"], .bb-tags a')
      .toArray()
      .map((a) => $(a).text()),
    ...$('meta[property="article:tag"]')
      .toArray()
      .map((m) => $(m).attr('content') ?? ''),
  ];
  const tags = raw.map(normalizeWhitespace).filter((t) => t.length > 0 && t.length <= 100);
  return [...new Set(tags)];
}

/** Headings and text blocks in document order; a <p> inside a list item or quote is read with it, once. */
function readBlocks($: CheerioAPI, content: Cheerio<AnyNode>): Block[] {
  const blocks: Block[] = [];
  content.find('h2, h3, h4, p, li, blockquote').each((_, el) => {
    const $el = $(el);
    if ($el.parent().closest('li, blockquote, p').length > 0) return;
    const text = normalizeWhitespace($el.text());
    if (!text) return;
    const heading = /^h([2-4])$/.exec(el.type === 'tag' ? el.name : '');
    if (heading) blocks.push({ level: Number(heading[1]), text });
    // "Subscribe to our Telegram" boxes sit between paragraphs.
    else if ($el.find('a[href*="t.me/"]').length === 0) blocks.push({ level: null, text });
  });
  return blocks;
}

function meaningSection(blocks: Block[]): string | null {
  const start = blocks.findIndex((b) => b.level !== null && MEANING_HEADING.test(b.text));
  if (start < 0) return null;
  const level = blocks[start]!.level!;
  const texts: string[] = [];
  for (const block of blocks.slice(start + 1)) {
    if (block.level !== null && block.level <= level) break;
    if (block.level === null) texts.push(block.text);
  }
  return texts.length > 0 ? texts.join(' ') : null;
}

function leadParagraphs(blocks: Block[]): string | null {
  const texts: string[] = [];
  let length = 0;
  let noise = false;
  for (const block of blocks) {
    if (block.level !== null) {
      noise = NOISE_HEADING.test(block.text);
      continue;
    }
    if (noise || block.text.length < MIN_PARAGRAPH_CHARS) continue;
    texts.push(block.text);
    length += block.text.length;
    if (length >= FALLBACK_CHARS || texts.length >= FALLBACK_PARAGRAPHS) break;
  }
  return texts.length > 0 ? texts.join(' ') : null;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}
