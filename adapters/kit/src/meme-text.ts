// Sentences that say when a meme is used read best as its "what it means" line.
const USAGE = /(когда|подходит|ставят|используют|вспоминают|изображают|отвечают)/i;
const MEANING = /(символ|означа|переда[её]т|выража|констатир|ирони)/i;

/** Cuts at a word boundary and marks the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:—-]+$/, '')}…`;
}

/** One short line of what the meme means, taken from its description. */
export function meaningLine(description: string, max: number): string {
  const sentences = description
    .split(/(?<=[.!?…])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const pick = sentences.find((s) => USAGE.test(s)) ?? sentences.find((s) => MEANING.test(s)) ?? sentences[0] ?? '';
  return truncate(pick, max);
}
