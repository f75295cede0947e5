// Original file: proto/memesearch/v1/search.proto

export interface GetMemeRequest {
  /**
   * ≤ 200 characters.
   */
  id?: string;
}

export interface GetMemeRequest__Output {
  /**
   * ≤ 200 characters.
   */
  id: string;
}
