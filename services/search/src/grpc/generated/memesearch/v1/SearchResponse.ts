// Original file: proto/memesearch/v1/search.proto

import type {
  SearchResult as _memesearch_v1_SearchResult,
  SearchResult__Output as _memesearch_v1_SearchResult__Output,
} from '../../memesearch/v1/SearchResult.js';

export interface SearchResponse {
  results?: _memesearch_v1_SearchResult[];
  /**
   * Identifies this search, to attach feedback to later.
   */
  query_id?: string;
  /**
   * Model that embedded the query, e.g. "e5-small".
   */
  model_id?: string;
  /**
   * Index version the results come from.
   */
  index_version?: string;
  /**
   * Time spent in the server, milliseconds.
   */
  server_time_ms?: number | string;
}

export interface SearchResponse__Output {
  results: _memesearch_v1_SearchResult__Output[];
  /**
   * Identifies this search, to attach feedback to later.
   */
  query_id: string;
  /**
   * Model that embedded the query, e.g. "e5-small".
   */
  model_id: string;
  /**
   * Index version the results come from.
   */
  index_version: string;
  /**
   * Time spent in the server, milliseconds.
   */
  server_time_ms: number;
}
