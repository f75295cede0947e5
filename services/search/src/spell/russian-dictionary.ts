import { normalizeWord } from '../lexical/russian-analyzer.js';

let loading: Promise<ReadonlySet<string>> | undefined;

/**
 * Every word form of the Hunspell Russian dictionary (dictionary-ru, ~146k stems → ~1.37M forms),
 * normalised like query words (lower case, ё → е). nspell applies the affix rules at load; we keep
 * only the flat set of forms, because the speller's candidate search looks up hundreds of edits per
 * unknown word and a Set answers each in ~0.1 µs where nspell.correct() takes microseconds, and
 * nspell.suggest() took 2–280 ms per word. Loading takes ~3 s and the set ~100 MB of heap: done once per
 * process (the promise is shared), lazily, and only by code that corrects spelling.
 */
export function loadRussianWordForms(): Promise<ReadonlySet<string>> {
  loading ??= (async () => {
    // Both are imported here, not at the top, so that importing this module costs nothing until used.
    const [{ default: nspell }, { default: dictionary }] = await Promise.all([import('nspell'), import('dictionary-ru')]);
    const forms = Object.keys(nspell(dictionary).data);
    if (forms.length < 100_000)
      throw new Error(`the Russian dictionary gave only ${forms.length} word forms: has nspell's word table (.data) changed?`);
    return new Set(forms.map(normalizeWord));
  })();
  return loading;
}
