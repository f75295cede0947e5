// Original file: proto/memesearch/v1/search.proto

import type {
  Reaction as _memesearch_v1_Reaction,
  Reaction__Output as _memesearch_v1_Reaction__Output,
} from '../../memesearch/v1/Reaction.js';
import type {
  ClientRef as _memesearch_v1_ClientRef,
  ClientRef__Output as _memesearch_v1_ClientRef__Output,
} from '../../memesearch/v1/ClientRef.js';

export interface SubmitFeedbackRequest {
  /**
   * The query_id a SearchResponse carried (a UUID).
   */
  query_id?: string;
  /**
   * ≤ 200 characters; must be a meme of the current index.
   */
  meme_id?: string;
  reaction?: _memesearch_v1_Reaction;
  /**
   * Required: platform and user_ref (stored only as a keyed hash).
   */
  client?: _memesearch_v1_ClientRef | null;
}

export interface SubmitFeedbackRequest__Output {
  /**
   * The query_id a SearchResponse carried (a UUID).
   */
  query_id: string;
  /**
   * ≤ 200 characters; must be a meme of the current index.
   */
  meme_id: string;
  reaction: _memesearch_v1_Reaction__Output;
  /**
   * Required: platform and user_ref (stored only as a keyed hash).
   */
  client: _memesearch_v1_ClientRef__Output | null;
}
