import { describe, expect, it } from 'vitest';
import { edits1, halfEdits } from './edit-candidates.js';
import { weightedDistance } from './edit-distance.js';

describe('edit candidates', () => {
  it('edits1 makes every deletion, transposition, substitution and insertion', () => {
    const e = edits1('кот');
    for (const s of ['ко', 'кт', 'окт', 'кто', 'кит', 'кота', 'скот', 'коть']) expect(e).toContain(s);
    expect(e).not.toContain('кот');
    expect(e).not.toContain('кит ');
    // 3 deletions, 2 transpositions, 3·32 substitutions, 4·33 insertions, minus duplicates.
    expect(e.size).toBeLessThanOrEqual(3 + 2 + 3 * 32 + 4 * 33);
  });

  it('halfEdits makes only half-cost changes', () => {
    const h = halfEdits('мыш');
    expect(h).toContain('мышь'); // soft sign after a consonant
    expect(h).toContain('мышш'); // doubled consonant
    expect(halfEdits('падажди')).toContain('подажди'); // confusable vowel
    expect(halfEdits('касса')).toContain('каса'); // dropped doubled letter
    for (const from of ['мыш', 'падажди', 'касса', 'съезд'])
      for (const s of halfEdits(from)) expect(weightedDistance(from, s), `${from} → ${s}`).toBe(0.5);
    // Two half edits reach what one plain edit cannot: «падажди» → «подожди».
    expect([...halfEdits('падажди')].some((s) => halfEdits(s).has('подожди'))).toBe(true);
  });
});
