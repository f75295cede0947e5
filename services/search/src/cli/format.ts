import type { ScoredMeme as SearchHit } from '../search/search-core.js';

export function snippet(text: string, max = 160): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** Human-readable results: rank, title, score, link, a line of what it means. */
export function formatHits(hits: readonly SearchHit[]): string {
  if (hits.length === 0) return 'nothing found';
  return hits
    .map((h, i) => {
      const lines = [`${i + 1}. ${h.meme.title}  (${h.score.toFixed(3)})`];
      if (h.meme.url) lines.push(`   ${h.meme.url}`);
      lines.push(`   ${snippet(h.meme.description)}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

export function hitsJson(hits: readonly SearchHit[]) {
  return hits.map((h, i) => ({
    rank: i + 1,
    id: h.meme.id,
    title: h.meme.title,
    score: Number(h.score.toFixed(6)),
    url: h.meme.url,
    imageUrl: h.meme.imageUrl,
    description: h.meme.description,
    tags: h.meme.tags,
  }));
}
