// Original file: proto/memesearch/v1/search.proto

import type { Meme as _memesearch_v1_Meme, Meme__Output as _memesearch_v1_Meme__Output } from '../../memesearch/v1/Meme.js';

export interface SearchResult {
  meme?: _memesearch_v1_Meme | null;
  /**
   * Relevance, higher is better: the cosine similarity of query and meme, plus the weighted lexical
   * match scores when lexical fusion is on (SEARCH_FUSION=linear), plus the meme's popularity prior
   * when priors are on. Not a cosine (it can pass 1); under SEARCH_FUSION=rrf it is a reciprocal-rank
   * sum (about 0.01–0.03). Compare scores within one response, not across configurations.
   */
  score?: number | string;
  rank?: number;
}

export interface SearchResult__Output {
  meme: _memesearch_v1_Meme__Output | null;
  /**
   * Relevance, higher is better: the cosine similarity of query and meme, plus the weighted lexical
   * match scores when lexical fusion is on (SEARCH_FUSION=linear), plus the meme's popularity prior
   * when priors are on. Not a cosine (it can pass 1); under SEARCH_FUSION=rrf it is a reciprocal-rank
   * sum (about 0.01–0.03). Compare scores within one response, not across configurations.
   */
  score: number;
  rank: number;
}
