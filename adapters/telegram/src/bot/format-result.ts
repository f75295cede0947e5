import type { MemeMessage } from '@memesearch/search/client';

// Sentences that say when a meme is used read best as its "what it means" line.
const USAGE = /(когда|подходит|ставят|используют|вспоминают|изображают|отвечают)/i;
const MEANING = /(символ|означа|переда[её]т|выража|констатир|ирони)/i;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts at a word boundary and marks the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:—-]+$/, '')}…`;
}

/** One short line of what the meme means, taken from its description. */
export function meaningLine(description: string, max = 200): string {
  const sentences = description
    .split(/(?<=[.!?…])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const pick = sentences.find((s) => USAGE.test(s)) ?? sentences.find((s) => MEANING.test(s)) ?? sentences[0] ?? '';
  return truncate(pick, max);
}

function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** How one result is sent: a photo with a caption, or a text message previewing the link. */
export type RenderedResult =
  | { kind: 'photo'; photoUrl: string; caption: string; linkUrl: string | undefined }
  | { kind: 'text'; text: string; linkUrl: string | undefined };

/** HTML (parse_mode 'HTML'): bold title, the meaning line, the memepedia link. */
export function renderMeme(meme: MemeMessage, maxLength = 1000): RenderedResult {
  const link = meme.source_url || undefined;
  const lines = [`<b>${escapeHtml(meme.title || meme.id)}</b>`];
  const meaning = meaningLine(meme.description);
  if (meaning) lines.push(escapeHtml(meaning));
  if (link) lines.push(`🔗 <a href="${escapeHtml(link)}">${escapeHtml(truncate(displayUrl(link), 80))}</a>`);
  const body = lines.join('\n');
  const text = body.length <= maxLength ? body : lines.slice(0, 1).concat(lines.slice(2)).join('\n');
  return meme.image_url ? { kind: 'photo', photoUrl: meme.image_url, caption: text, linkUrl: link } : { kind: 'text', text, linkUrl: link };
}
