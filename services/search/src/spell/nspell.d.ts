// nspell ships no types and @types/nspell would be the only dependency for these few lines. Only what
// russian-dictionary.ts uses is declared; `data` is nspell's word table (not in its README, stable since 2.0).
declare module 'nspell' {
  interface NSpell {
    correct(word: string): boolean;
    suggest(word: string): string[];
    /** Every word form the dictionary accepts (stems with their affixes applied), as keys. */
    data: Record<string, unknown>;
  }
  function nspell(dictionary: { aff: Uint8Array | string; dic?: Uint8Array | string }): NSpell;
  export default nspell;
}
