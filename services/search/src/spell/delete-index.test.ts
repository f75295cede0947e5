import { describe, expect, it } from 'vitest';
import { DeleteIndex } from './delete-index.js';
import { weightedDistance } from './edit-distance.js';

describe('DeleteIndex', () => {
  const words = ['держитесь', 'денег', 'поросенок', 'подожди', 'максвелл', 'кот', 'собака'];
  const index = new DeleteIndex(words, 2, 7);

  it('finds every word within two edits, wherever the edits are', () => {
    expect(index.candidates('дирижитесь')).toContain('держитесь');
    expect(index.candidates('парасенок')).toContain('поросенок');
    expect(index.candidates('падажди')).toContain('подожди');
    // Edits past the 7-letter prefix: the prefixes are equal.
    expect(index.candidates('поросенак')).toContain('поросенок');
    expect(index.candidates('максвел')).toContain('максвелл');
    expect(index.candidates('кто')).toContain('кот');
  });

  it('agrees with a brute-force scan for unit edits', () => {
    const queries = ['кит', 'собачка', 'деньги', 'подождите', 'ксот'];
    for (const q of queries) {
      const brute = words.filter((w) => weightedDistance(q, w) <= 1);
      for (const w of brute) expect(index.candidates(q), `${q} → ${w}`).toContain(w);
    }
  });

  it('does not return far words', () => {
    expect(index.candidates('кот')).not.toContain('собака');
    expect(index.size).toBe(words.length);
  });
});
