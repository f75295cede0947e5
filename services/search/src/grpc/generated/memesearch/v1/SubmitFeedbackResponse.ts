// Original file: proto/memesearch/v1/search.proto

import type {
  Reaction as _memesearch_v1_Reaction,
  Reaction__Output as _memesearch_v1_Reaction__Output,
} from '../../memesearch/v1/Reaction.js';

export interface SubmitFeedbackResponse {
  /**
   * The reaction now stored for this user, query and meme.
   */
  reaction?: _memesearch_v1_Reaction;
}

export interface SubmitFeedbackResponse__Output {
  /**
   * The reaction now stored for this user, query and meme.
   */
  reaction: _memesearch_v1_Reaction__Output;
}
