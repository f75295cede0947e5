import { meaningLine as kitMeaningLine, truncate } from '@memesearch/adapter-kit';
import type { MemeMessage } from '@memesearch/search/client';

export { truncate };

// Sentences that say when a meme is used read best as its "what it means" line.

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One short line of what the meme means (Telegram shows up to 200 characters of it). */
export function meaningLine(description: string, max = 200): string {
  return kitMeaningLine(description, max);
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
