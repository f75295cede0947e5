// Original file: proto/memesearch/v1/search.proto

import type {
  SearchFilters as _memesearch_v1_SearchFilters,
  SearchFilters__Output as _memesearch_v1_SearchFilters__Output,
} from '../../memesearch/v1/SearchFilters.js';
import type {
  ClientRef as _memesearch_v1_ClientRef,
  ClientRef__Output as _memesearch_v1_ClientRef__Output,
} from '../../memesearch/v1/ClientRef.js';

export interface SearchRequest {
  /**
   * The situation. 1–1,000 characters after trimming; no control characters or lone surrogates.
   */
  query?: string;
  /**
   * How many results: 1–50; 0 means the default (5).
   */
  limit?: number;
  /**
   * Optional narrowing of the results.
   */
  filters?: _memesearch_v1_SearchFilters | null;
  /**
   * Who is asking (for logs and, later, feedback). Opaque; ≤ 200 characters each.
   */
  client?: _memesearch_v1_ClientRef | null;
}

export interface SearchRequest__Output {
  /**
   * The situation. 1–1,000 characters after trimming; no control characters or lone surrogates.
   */
  query: string;
  /**
   * How many results: 1–50; 0 means the default (5).
   */
  limit: number;
  /**
   * Optional narrowing of the results.
   */
  filters: _memesearch_v1_SearchFilters__Output | null;
  /**
   * Who is asking (for logs and, later, feedback). Opaque; ≤ 200 characters each.
   */
  client: _memesearch_v1_ClientRef__Output | null;
}
