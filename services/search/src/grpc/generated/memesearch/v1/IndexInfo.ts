// Original file: proto/memesearch/v1/search.proto

export interface IndexInfo {
  version?: string;
  memes?: number;
  model_id?: string;
  dimension?: number;
  corpus_name?: string;
  /**
   * When the version was built (ISO 8601) and when this replica loaded it.
   */
  built_at?: string;
  loaded_at?: string;
  /**
   * The version CURRENT points to now (may differ until this replica reloads); empty if unknown.
   */
  current_version?: string;
}

export interface IndexInfo__Output {
  version: string;
  memes: number;
  model_id: string;
  dimension: number;
  corpus_name: string;
  /**
   * When the version was built (ISO 8601) and when this replica loaded it.
   */
  built_at: string;
  loaded_at: string;
  /**
   * The version CURRENT points to now (may differ until this replica reloads); empty if unknown.
   */
  current_version: string;
}
