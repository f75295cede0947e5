import type { APIMessageComponentButtonInteraction } from 'discord-api-types/v10';
import type { Answer } from './answer.js';
import { Notice } from './answer.js';
import type { BotDeps } from './bot-deps.js';
import { userIdOf } from './interaction-fields.js';
import { NOT_YOURS, STALE_BUTTON } from './messages.js';
import { readComponents, resultComponents } from './render.js';

/**
 * 👍/👎: the message's own buttons hold the vote state (pressed = coloured), so pressing the same
 * one again clears it and the other one changes it, even after a restart.
 */
export async function handleVote(
  deps: BotDeps,
  i: APIMessageComponentButtonInteraction,
  action: { vote: 'like' | 'dislike'; queryId: string; memeId: string },
  answer: Answer,
): Promise<void> {
  const userId = userIdOf(i);
  const owner = deps.sessions.get(action.queryId)?.userId ?? i.message.interaction_metadata?.user.id;
  if (owner && owner !== userId) throw new Notice(NOT_YOURS);
  const { memeIds, states, hasMore } = readComponents(i.message.components);
  if (!memeIds.includes(action.memeId)) throw new Notice(STALE_BUTTON);
  const next = states.get(action.memeId) === action.vote ? 'clear' : action.vote;
  await answer.inTime(
    'update',
    (async () => {
      await deps.search.feedback(action.queryId, action.memeId, next, userId);
      states.set(action.memeId, next === 'clear' ? 'none' : next);
      return { components: resultComponents(action.queryId, memeIds, hasMore, states) };
    })(),
  );
}
