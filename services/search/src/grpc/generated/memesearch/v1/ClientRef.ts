// Original file: proto/memesearch/v1/search.proto

export interface ClientRef {
  /**
   * e.g. "telegram", "discord", "grpc"
   */
  platform?: string;
  /**
   * The platform's user or chat reference, opaque to the service.
   */
  user_ref?: string;
}

export interface ClientRef__Output {
  /**
   * e.g. "telegram", "discord", "grpc"
   */
  platform: string;
  /**
   * The platform's user or chat reference, opaque to the service.
   */
  user_ref: string;
}
