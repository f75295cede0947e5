import { Composer, type Context } from 'telegraf';
import { SearchFailure } from '../search/search.gateway.js';
import type { VoteState } from '../state/vote-memory.store.js';
import { COST, isNotModified, updateFacts, type BotDeps } from './bot-deps.js';
import { VOTE_DISLIKE, VOTE_LIKE, shownVote, withVote } from './keyboards.js';
import * as t from './messages.js';
import { messageMarkup } from './search.feature.js';

/**
 * 👍/👎 under a result: the first press votes, pressing the other one changes the vote, pressing
 * the same one again withdraws it (CLEAR). The keyboard shows the pressed state afterwards.
 */
export function voteFeature(deps: BotDeps): Composer<Context> {
  const bot = new Composer<Context>();
  bot.action(new RegExp(`^(${VOTE_LIKE}|${VOTE_DISLIKE})(.+)$`), async (ctx) => {
    const pressed = ctx.match[1] === VOTE_LIKE ? 'like' : 'dislike';
    const refText = ctx.match[2] ?? '';
    const ref = deps.refs.decode(refText);
    if (!ref) return void (await ctx.answerCbQuery(t.STALE_BUTTON));
    const userId = ctx.from.id;
    const allowed = deps.limiter.take(`u${userId}`, COST.vote);
    if (!allowed.ok) return void (await ctx.answerCbQuery(t.rateLimited(allowed.retryAfterMs)));

    const markup = messageMarkup(ctx);
    // In a group the keyboard shows whoever voted last, so only a private chat's keyboard can
    // stand in for this user's vote when the bot no longer remembers it.
    const current: VoteState = deps.votes.get(userId, ref) ?? (ctx.chat?.type === 'private' ? shownVote(markup) : 'none');
    const next: VoteState = current === pressed ? 'none' : pressed;
    try {
      await deps.search.feedback(ref.queryId, ref.memeId, next === 'none' ? 'clear' : next, userId);
    } catch (err) {
      if (!(err instanceof SearchFailure)) throw err;
      deps.log.warn({ ...updateFacts(ctx), kind: err.kind, code: err.code, detail: err.message }, 'feedback failed');
      return void (await ctx.answerCbQuery(t.VOTE_FAILED));
    }
    deps.votes.set(userId, ref, next);
    await ctx.answerCbQuery(t.voteAnswer[next]);
    await ctx.editMessageReplyMarkup(withVote(markup, refText, next)).catch((err: unknown) => {
      if (!isNotModified(err)) deps.log.warn({ ...updateFacts(ctx), err }, 'could not show the pressed vote');
    });
  });
  return bot;
}
