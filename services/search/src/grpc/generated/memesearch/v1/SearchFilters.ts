// Original file: proto/memesearch/v1/search.proto

export interface SearchFilters {
  /**
   * Only memes with at least one of these tags (≤ 20 tags).
   */
  tags?: string[];
  /**
   * Only results whose SearchResult.score (as returned: with the lexical bonus and the popularity
   * prior added) is at least this (−1..1; 0 = no floor).
   */
  min_score?: number | string;
}

export interface SearchFilters__Output {
  /**
   * Only memes with at least one of these tags (≤ 20 tags).
   */
  tags: string[];
  /**
   * Only results whose SearchResult.score (as returned: with the lexical bonus and the popularity
   * prior added) is at least this (−1..1; 0 = no floor).
   */
  min_score: number;
}
