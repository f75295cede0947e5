// Original file: proto/memesearch/v1/search.proto

export interface ReloadIndexRequest {
  /**
   * A version directory name of this corpus' index; empty: the one CURRENT points to.
   */
  version?: string;
}

export interface ReloadIndexRequest__Output {
  /**
   * A version directory name of this corpus' index; empty: the one CURRENT points to.
   */
  version: string;
}
