// Original file: proto/memesearch/v1/search.proto

import type {
  TextKind as _memesearch_v1_TextKind,
  TextKind__Output as _memesearch_v1_TextKind__Output,
} from '../../memesearch/v1/TextKind.js';

export interface EmbedRequest {
  /**
   * 1–64 texts, each 1–2,000 characters after trimming.
   */
  texts?: string[];
  kind?: _memesearch_v1_TextKind;
}

export interface EmbedRequest__Output {
  /**
   * 1–64 texts, each 1–2,000 characters after trimming.
   */
  texts: string[];
  kind: _memesearch_v1_TextKind__Output;
}
