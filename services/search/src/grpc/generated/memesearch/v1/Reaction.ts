// Original file: proto/memesearch/v1/search.proto

export const Reaction = {
  REACTION_UNSPECIFIED: 'REACTION_UNSPECIFIED',
  REACTION_LIKE: 'REACTION_LIKE',
  REACTION_DISLIKE: 'REACTION_DISLIKE',
  /**
   * The user picked this result (e.g. Telegram's chosen_inline_result): implicit positive feedback.
   */
  REACTION_CHOSEN: 'REACTION_CHOSEN',
  /**
   * Withdraws the user's LIKE/DISLIKE.
   */
  REACTION_CLEAR: 'REACTION_CLEAR',
} as const;

export type Reaction =
  | 'REACTION_UNSPECIFIED'
  | 0
  | 'REACTION_LIKE'
  | 1
  | 'REACTION_DISLIKE'
  | 2
  /**
   * The user picked this result (e.g. Telegram's chosen_inline_result): implicit positive feedback.
   */
  | 'REACTION_CHOSEN'
  | 3
  /**
   * Withdraws the user's LIKE/DISLIKE.
   */
  | 'REACTION_CLEAR'
  | 4;

export type Reaction__Output = (typeof Reaction)[keyof typeof Reaction];
