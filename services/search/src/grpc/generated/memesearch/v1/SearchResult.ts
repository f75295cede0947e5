// Original file: proto/memesearch/v1/search.proto

import type { Meme as _memesearch_v1_Meme, Meme__Output as _memesearch_v1_Meme__Output } from '../../memesearch/v1/Meme.js';

export interface SearchResult {
  meme?: _memesearch_v1_Meme | null;
  /**
   * Cosine similarity of query and meme, higher is better.
   */
  score?: number | string;
  rank?: number;
}

export interface SearchResult__Output {
  meme: _memesearch_v1_Meme__Output | null;
  /**
   * Cosine similarity of query and meme, higher is better.
   */
  score: number;
  rank: number;
}
