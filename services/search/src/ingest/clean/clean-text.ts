import { decodeHTMLStrict } from 'entities';
import { normalizeWhitespace } from '../../corpus/text-clean.js';

// Only real HTML tag names: a meme titled «<Ждун>» or text like "a < b > c" must survive. (\b is
// fine for latin tag names; Cyrillic words below need (?!\p{L}), since \b only knows ASCII letters.)
const HTML_TAG =
  /<\/?(?:a|abbr|article|b|blockquote|br|center|cite|code|del|div|em|figcaption|figure|font|h[1-6]|hr|i|iframe|img|ins|li|mark|nav|noscript|ol|p|picture|pre|q|s|section|small|source|span|strike|strong|sub|sup|table|tbody|td|th|thead|time|tr|u|ul|video|wbr)\b[^<>]*>/gi;
const BLOCK_END = /<br\s*\/?>|<\/(?:p|div|li|h[1-6]|blockquote|tr|figcaption)\s*>/gi;

/** Leftover markup from scraped pages: tags go (block ends become line breaks), entities are decoded. */
export function stripHtml(text: string): string {
  if (!/[<&]/.test(text)) return text;
  const noTags = text
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(BLOCK_END, '\n')
    .replace(HTML_TAG, '');
  // Strict: only entities with their ";" — "R&D" or "&copy2020" in plain text stay as written.
  return decodeHTMLStrict(noTags);
}

/** A whole line that is page furniture, not meaning (scrapes keep one link or button per line). */
const BOILERPLATE_LINE = [
  /^(?:читайте|смотрите|см\.)\s+(?:также|ещё|еще)(?!\p{L})/iu,
  /^(?:источник|источники|фото|автор фото|source|photo|via)\s*:/iu,
  /^(?:подписывайтесь|подпишитесь|поделиться|поделитесь|share|subscribe|follow us)(?!\p{L})/iu,
  /^(?:подробнее|читать далее|читать полностью|read more|continue reading)[^\p{L}]*$/iu,
  /^(?:реклама|advertisement)$/i,
];

/**
 * The same furniture at the end of text whose line breaks were already flattened. Only the tail is
 * cut: mid-text the same words are often real content ("подписчики", "источник вдохновения").
 */
const SENTENCE_START = String.raw`(?<=^|[.!?…]\s*)`;
const BOILERPLATE_TAIL = [
  String.raw`(?:подробнее|читать далее|читать полностью|read more|continue reading)\s*(?:…|\.{2,}|→|>>|»)?\s*$`,
  String.raw`(?:читайте|смотрите)\s+(?:также|ещё|еще)\s*:?[^.!?…]*[.!?…]?\s*$`,
  String.raw`(?:источник|source)\s*:\s*\S+(?:\s+[^\s.!?…]+){0,6}\s*$`,
  String.raw`(?:поделиться|поделитесь|share)(?:\s+(?:в|во|on)\s+[^.!?…]{1,60})?[.!]?\s*$`,
  String.raw`(?:подписывайтесь|подпишитесь)(?!\p{L})[^.!?…]*[.!?…]*\s*$`,
].map((re) => new RegExp(SENTENCE_START + re, 'iu'));

export function stripBoilerplate(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => !BOILERPLATE_LINE.some((re) => re.test(line.trim())));
  let out = lines.join('\n').trim();
  // Furniture stacks up ("Поделиться. Источник: … Читайте также: …"): cut tails until none is left.
  for (let before = ''; before !== out;) {
    before = out;
    for (const re of BOILERPLATE_TAIL) out = out.replace(re, '').trim();
  }
  return out;
}

const QUOTES = /["«»“”„‟]/;
// What may stand before an opening quote, and after a closing one.
const BEFORE_OPENING = /^$|[\s([{«„\u2013\u2014/-]/u;
const AFTER_CLOSING = /^$|[\s)\]}.,;:!?…»\u2013\u2014-]/u;

/**
 * One quote style: «ёлочки» outside and „лапки“ inside, the Russian typographic norm (the corpus is
 * Russian, and a phrase quoted three ways otherwise reads as three strings to dedupe keys and to the
 * tokenizer). Direction comes from context, because “ opens in English but closes in „…“; straight
 * " is converted only when they pair up, so a lone inch mark stays.
 */
export function normalizeQuotes(text: string): string {
  if (!QUOTES.test(text)) return text;
  const convertStraight = (text.match(/"/g)?.length ?? 0) % 2 === 0;
  let depth = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!QUOTES.test(ch) || (ch === '"' && !convertStraight)) {
      out += ch;
      continue;
    }
    const opening =
      ch === '«' || ch === '„' || (ch !== '»' && BEFORE_OPENING.test(text[i - 1] ?? '') && !AFTER_CLOSING.test(text[i + 1] ?? ''));
    if (opening) {
      out += depth === 0 ? '«' : '„';
      depth++;
    } else {
      depth = Math.max(0, depth - 1);
      out += depth === 0 ? '»' : '“';
    }
  }
  return out;
}

/** Whitespace inside each line collapsed, blank lines dropped: line structure kept for stripBoilerplate. */
export function normalizeLines(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map(normalizeWhitespace)
    .filter(Boolean)
    .join('\n');
}

/** The cleaning of one text field, in order: markup, furniture, quotes, whitespace. */
export function cleanText(text: string): string {
  return normalizeWhitespace(normalizeQuotes(stripBoilerplate(normalizeLines(stripHtml(text)))));
}
