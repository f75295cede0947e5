// Original file: proto/memesearch/v1/search.proto

export interface ReloadIndexResponse {
  /**
   * The version now served.
   */
  version?: string;
  /**
   * The version served before this call.
   */
  previous_version?: string;
  /**
   * Memes in the version now served.
   */
  memes?: number;
  /**
   * false when the requested version was already being served (nothing was loaded).
   */
  changed?: boolean;
  /**
   * Time spent loading and verifying, milliseconds.
   */
  load_ms?: number | string;
}

export interface ReloadIndexResponse__Output {
  /**
   * The version now served.
   */
  version: string;
  /**
   * The version served before this call.
   */
  previous_version: string;
  /**
   * Memes in the version now served.
   */
  memes: number;
  /**
   * false when the requested version was already being served (nothing was loaded).
   */
  changed: boolean;
  /**
   * Time spent loading and verifying, milliseconds.
   */
  load_ms: number;
}
