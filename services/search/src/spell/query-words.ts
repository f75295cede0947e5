/** A word of a query and where it is, so a correction can replace exactly it and leave the rest as typed. */
export interface QueryWord {
  text: string;
  start: number;
  end: number;
  /** Inside quotes: the user wrote it exactly so on purpose (a meme's own misspelling, a quote). */
  quoted: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const CLOSING: Record<string, string> = { '«': '»', '“': '”', '„': '“', '"': '"' };

/**
 * Spans of text inside quotes: «…», “…”, „…“ and "…". A quote that is never closed protects the
 * rest of the query: guessing where it should have ended could correct words the user meant literally.
 */
function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    const close = CLOSING[text[i]!];
    if (close === undefined) {
      i++;
      continue;
    }
    const end = text.indexOf(close, i + 1);
    spans.push([i, end < 0 ? text.length : end]);
    i = end < 0 ? text.length : end + 1;
  }
  return spans;
}

/** The words of a query (NFC), each marked if it stands inside quotes. */
export function queryWords(text: string): QueryWord[] {
  const spans = quotedSpans(text);
  return Array.from(text.matchAll(WORD), (m) => {
    const start = m.index;
    const end = start + m[0].length;
    return { text: m[0], start, end, quoted: spans.some(([a, b]) => start > a && end <= b) };
  });
}

/** Gives `replacement` the case pattern of `original`: «Нильзя» → «Нельзя», «ЕТО» → «ЭТО». */
export function matchCase(original: string, replacement: string): string {
  const letters = original.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return replacement.toUpperCase();
  const first = original[0]!;
  if (first !== first.toLowerCase()) return replacement[0]!.toUpperCase() + replacement.slice(1);
  return replacement;
}
