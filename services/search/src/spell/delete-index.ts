/**
 * Symmetric-delete candidate index (the idea behind SymSpell): every word is stored under each string
 * made by deleting up to `maxEdits` of its letters; a query word's own deletes then meet those of every
 * word within `maxEdits` insertions, deletions, substitutions or transpositions, with no scan of the
 * vocabulary. Only the first `prefixLength` letters are used, which keeps the index small (an edit
 * past the prefix leaves the prefixes equal, so those words are still found); callers verify each
 * candidate with a real distance.
 */
export class DeleteIndex {
  private readonly byDelete = new Map<string, number[]>();
  private readonly words: string[] = [];

  constructor(
    words: Iterable<string>,
    private readonly maxEdits = 2,
    private readonly prefixLength = 7,
  ) {
    for (const word of words) {
      const id = this.words.push(word) - 1;
      for (const key of this.deletes(word)) {
        const ids = this.byDelete.get(key);
        if (!ids) this.byDelete.set(key, [id]);
        else if (ids[ids.length - 1] !== id) ids.push(id);
      }
    }
  }

  get size(): number {
    return this.words.length;
  }

  /** Words that may lie within `maxEdits` of `word` (a superset: verify each). */
  candidates(word: string): string[] {
    const found = new Set<number>();
    for (const key of this.deletes(word)) for (const id of this.byDelete.get(key) ?? []) found.add(id);
    return Array.from(found, (id) => this.words[id]!);
  }

  /** The prefix and every string made by deleting up to maxEdits of its letters. */
  private deletes(word: string): Set<string> {
    const prefix = word.slice(0, this.prefixLength);
    const out = new Set([prefix]);
    let frontier = [prefix];
    for (let e = 0; e < this.maxEdits; e++) {
      const next: string[] = [];
      for (const s of frontier)
        for (let i = 0; i < s.length; i++) {
          const d = s.slice(0, i) + s.slice(i + 1);
          if (!out.has(d)) {
            out.add(d);
            next.push(d);
          }
        }
      frontier = next;
    }
    return out;
  }
}
