import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../corpus/load-corpus.js';
import { LexicalIndex } from './lexical.index.js';

const meme = (id: string, title: string, description: string) => ({ id, title, description });

describe('LexicalIndex', () => {
  const memes = [
    meme('cat-desc', 'Грустный зверь', 'Кот сидит за столом и ничего не понимает.'),
    meme('cat-title', 'Кот за столом', 'Зверь сидит за столом и ничего не понимает.'),
    meme('dog', 'Собака в горящей комнате', 'Пёс пьёт кофе, пока всё вокруг горит.'),
    meme('hedgehog', 'Ёжик в тумане', 'Мультфильм про ёжика, который заблудился.'),
  ];
  const index = LexicalIndex.build(memes);

  it('counts the memes it indexed', () => {
    expect(index.size).toBe(4);
  });

  it('ranks a title match above the same word in a description', () => {
    const hits = index.search('кот', 10);
    expect(hits.map((h) => h.id)).toEqual(['cat-title', 'cat-desc']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('matches other forms of a word: котики finds кот, ежиком finds Ёжик', () => {
    expect(index.search('котики', 10).map((h) => h.id)).toContain('cat-title');
    expect(index.search('с ежиком', 10)[0]?.id).toBe('hedgehog');
    expect(index.search('собаки горят', 10)[0]?.id).toBe('dog');
  });

  it('returns nothing for an empty, stop-word-only or unknown query', () => {
    expect(index.search('', 10)).toEqual([]);
    expect(index.search('   !?', 10)).toEqual([]);
    expect(index.search('и в на', 10)).toEqual([]);
    expect(index.search('бегемот', 10)).toEqual([]);
  });

  it('returns at most k hits, best first', () => {
    const all = index.search('сидит за столом зверь кот', 10);
    expect(all.length).toBe(2);
    expect(index.search('сидит за столом зверь кот', 1)).toEqual(all.slice(0, 1));
    expect(index.search('кот', 0)).toEqual([]);
    const scores = all.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('keeps only the fields it needs, whatever the caller passes', () => {
    const withExtras = LexicalIndex.build([{ ...memes[0]!, url: null, tags: ['x'] } as never]);
    expect(withExtras.search('кот', 5).map((h) => h.id)).toEqual(['cat-desc']);
  });

  describe('on the built-in corpus', () => {
    let builtin: LexicalIndex;
    beforeAll(async () => {
      builtin = LexicalIndex.build((await loadCorpus()).memes);
    });

    it('finds memes by the words of their names', () => {
      expect(builtin.search('ждун', 5)[0]?.id).toBe('zhdun');
      expect(builtin.search('это фиаско братан', 5)[0]?.id).toBe('eto-fiasko-bratan');
      expect(builtin.search('доктор ливси', 5).map((h) => h.id)).toContain('doctor-livesey');
    });
  });
});
