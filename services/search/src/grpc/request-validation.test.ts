import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { EmbedRequest__Output } from './generated/memesearch/v1/EmbedRequest.js';
import type { SearchRequest__Output } from './generated/memesearch/v1/SearchRequest.js';
import { validateEmbed, validateGetMeme, validateSearch } from './request-validation.js';

const search = (over: Partial<SearchRequest__Output>): SearchRequest__Output => ({
  query: 'кот',
  limit: 0,
  filters: null,
  client: null,
  ...over,
});
const embed = (over: Partial<EmbedRequest__Output>): EmbedRequest__Output => ({ texts: ['кот'], kind: 'TEXT_KIND_QUERY', ...over });

describe('request validation', () => {
  it('normalises a good search request and applies the default limit', () => {
    expect(validateSearch(search({ query: '  кот \n за столом ', client: { platform: 'telegram', user_ref: 'u1' } }))).toEqual({
      query: 'кот за столом',
      limit: 5,
      filters: { tags: [], minScore: 0 },
      platform: 'telegram',
      userRef: 'u1',
    });
  });

  it.each<[Partial<EmbedRequest__Output>, RegExp]>([
    [{ kind: 'TEXT_KIND_UNSPECIFIED' }, /kind must be TEXT_KIND_QUERY or TEXT_KIND_PASSAGE, got TEXT_KIND_UNSPECIFIED/],
    [{ kind: 7 as unknown as EmbedRequest__Output['kind'] }, /got 7/],
    [{ texts: ['ok', ''] }, /texts\[1\]: is empty/],
    [{ texts: ['я'.repeat(2001)] }, /texts\[0\]: is too long: 2001 characters, the limit is 2000/],
  ])('refuses a bad Embed request %#', (over, message) => {
    expect(() => validateEmbed(embed(over))).toThrow(
      expect.objectContaining({ code: status.INVALID_ARGUMENT, message: expect.stringMatching(message) }),
    );
  });

  it('refuses an over-long client reference and an empty meme id', () => {
    expect(() => validateSearch(search({ client: { platform: 'x'.repeat(201), user_ref: '' } }))).toThrow(
      /client.platform is longer than 200/,
    );
    expect(() => validateGetMeme({ id: '  ' })).toThrow(/id is empty/);
  });
});
