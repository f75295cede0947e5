import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../corpus/load-corpus.js';
import { QuerySpeller } from './query-speller.js';
import { loadRussianWordForms } from './russian-dictionary.js';

// These use the real Russian dictionary (dictionary-ru through nspell): loading it takes a few seconds.
const memes = [
  { title: 'Кот Максвелл', description: 'Чёрно-белый кот Максвелл крутится под музыку.' },
  { title: 'Я сделяль', description: 'Кривая поделка, которой автор гордится: «я сделяль».' },
  { title: 'Превед, медвед!', description: 'Превед — приветствие олбанского языка. Не надо так, не надо.' },
];

describe('QuerySpeller', () => {
  let speller: QuerySpeller;
  beforeAll(async () => {
    speller = await QuerySpeller.forMemes(memes);
  });

  const fix = (q: string) => speller.correct(q).text;

  it('loads the whole Russian dictionary once', async () => {
    const forms = await loadRussianWordForms();
    expect(forms.size).toBeGreaterThan(1_000_000);
    expect(forms.has('нельзя')).toBe(true);
    expect(forms.has('ежик')).toBe(true); // normalised: ё → е
    expect(await loadRussianWordForms()).toBe(forms);
  });

  it('fixes a real typo against the dictionary', () => {
    expect(speller.correct('нильзя просто так взять')).toEqual({
      text: 'нельзя просто так взять',
      corrections: [{ from: 'нильзя', to: 'нельзя' }],
    });
    expect(fix('ну давай разбирем по частям')).toBe('ну давай разберем по частям');
    expect(fix('ты втираеш мне дичь')).toBe('ты втираешь мне дичь');
    expect(fix('падажди')).toBe('подожди');
  });

  it('fixes a meme name to the corpus word, even where the dictionary has a word as close', () => {
    expect(fix('првед медвед')).toBe('превед медвед');
    // «сделал» (dictionary) and «сделяль» (corpus) are both half an edit away: the corpus wins.
    expect(fix('я сделял')).toBe('я сделяль');
    expect(fix('кот максвел')).toBe('кот максвелл');
  });

  it('leaves correct words, other forms of corpus words and slang it cannot place alone', () => {
    for (const q of ['кот сидит за столом и ничего не понимает', 'медведы крутятся', 'абобус амогус', 'превед'])
      expect(speller.correct(q)).toEqual({ text: q, corrections: [] });
  });

  it('never touches short words, numbers, latin or mixed-script words, or quotes', () => {
    for (const q of ['ну лан', 'ок', 'stonks 2007', 'мем 10лет', 'кoт', '«нильзя» просто так', 'мем "падажди чо'])
      expect(speller.correct(q)).toEqual({ text: q, corrections: [] });
  });

  it('keeps the case and everything around the word as typed', () => {
    expect(fix('Нильзя!! просто так…')).toBe('Нельзя!! просто так…');
    expect(fix('НИЛЬЗЯ')).toBe('НЕЛЬЗЯ');
  });

  it('splits two words run together', () => {
    expect(speller.correct('ненадо')).toEqual({ text: 'не надо', corrections: [{ from: 'ненадо', to: 'не надо' }] });
    expect(fix('какуюто дичь')).toBe('какую-то дичь');
  });

  it('answers fast: no per-query dictionary scan', () => {
    const queries = [
      'нильзя просто так взять и',
      'ну давай разбирем по частям',
      'парасенок петр на тракторе',
      'денег нет но вы дирижитесь',
    ];
    speller.correct(queries[0]!);
    const start = performance.now();
    for (let i = 0; i < 25; i++) for (const q of queries) speller.correct(q);
    const perQuery = (performance.now() - start) / 100;
    // ~0.3 ms here on a loaded 2-core machine; nspell.suggest() alone took 5–280 ms per word.
    expect(perQuery).toBeLessThan(20);
  });

  describe('on the built-in corpus', () => {
    let builtin: QuerySpeller;
    beforeAll(async () => {
      builtin = await QuerySpeller.forMemes((await loadCorpus()).memes);
    });

    it('fixes the typos people make in meme names', () => {
      expect(builtin.correct('ето фиаско братан').text).toBe('это фиаско братан');
      expect(builtin.correct('ты втираеш мне какуюто дичь').text).toBe('ты втираешь мне какую-то дичь');
      expect(builtin.correct('нильзя просто так взять и').text).toBe('нельзя просто так взять и');
      expect(builtin.correct('доктр ливси').text).toBe('доктор ливси');
    });

    it('keeps the meme names it knows', () => {
      for (const q of ['узбагойся', 'превед медвед', 'вжух', 'кек', 'гигачад'])
        expect(builtin.correct(q)).toEqual({ text: q, corrections: [] });
    });
  });
});
