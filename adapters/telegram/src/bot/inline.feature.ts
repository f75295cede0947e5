import { Composer, type Context } from 'telegraf';
import type { InlineQueryResult } from 'telegraf/types';
import type { SearchResult } from '@memesearch/search/client';
import { SearchFailure } from '../search/search.gateway.js';
import { prepareQuery } from './addressing.js';
import { COST, MAX_RESULTS, updateFacts, type BotDeps } from './bot-deps.js';
import { escapeHtml, meaningLine, renderMeme, truncate } from './format-result.js';
import { VOTE_REF_BUDGET, resultKeyboard } from './keyboards.js';
import * as t from './messages.js';

/** Telegram caps inline queries at 256 characters; a longer one (a custom client) is cut. */
export const INLINE_QUERY_MAX = 256;

/**
 * Inline mode: `@bot ситуация` in any chat lists memes (photos where there is a picture, articles
 * otherwise), paged with next_offset. A picked result comes back as chosen_inline_result and is
 * sent to the service as implicit CHOSEN feedback (needs inline feedback on in @BotFather).
 */
export function inlineFeature(deps: BotDeps): Composer<Context> {
  const bot = new Composer<Context>();

  bot.on('inline_query', async (ctx) => {
    const hint = (text: string, cache_time: number) =>
      ctx.answerInlineQuery([], { cache_time, is_personal: true, button: { text, start_parameter: 'help' } });
    const prepared = prepareQuery(ctx.inlineQuery.query.slice(0, INLINE_QUERY_MAX), INLINE_QUERY_MAX);
    if (!prepared.ok) return void (await hint(t.INLINE_HINT, deps.config.TELEGRAM_INLINE_CACHE_SECONDS));
    const allowed = deps.limiter.take(`u${ctx.from.id}`, COST.inline);
    if (!allowed.ok) return void (await hint(t.INLINE_RATE_LIMITED, 0));

    const offset = Math.max(0, Number.parseInt(ctx.inlineQuery.offset, 10) || 0);
    const limit = Math.min(MAX_RESULTS, offset + deps.config.TELEGRAM_INLINE_RESULTS);
    if (offset >= limit) return void (await ctx.answerInlineQuery([], { cache_time: deps.config.TELEGRAM_INLINE_CACHE_SECONDS }));
    let res;
    try {
      res = await deps.search.search(prepared.query, limit, ctx.from.id);
    } catch (err) {
      if (!(err instanceof SearchFailure)) throw err;
      deps.log.warn({ ...updateFacts(ctx), kind: err.kind, code: err.code, detail: err.message }, 'inline search failed');
      return void (await hint(t.INLINE_UNAVAILABLE, 0));
    }
    const page = res.results.slice(offset);
    if (offset === 0 && page.length === 0) return void (await hint(t.INLINE_NOTHING, deps.config.TELEGRAM_INLINE_CACHE_SECONDS));
    const more = res.results.length === limit && limit < MAX_RESULTS;
    await ctx.answerInlineQuery(
      page.map((r) => toInlineResult(deps, res.query_id, r)),
      { cache_time: deps.config.TELEGRAM_INLINE_CACHE_SECONDS, next_offset: more ? String(limit) : '' },
    );
  });

  bot.on('chosen_inline_result', async (ctx) => {
    const ref = deps.refs.decode(ctx.chosenInlineResult.result_id);
    if (!ref) return deps.log.debug(updateFacts(ctx), 'chosen inline result with an unknown id');
    try {
      await deps.search.feedback(ref.queryId, ref.memeId, 'chosen', ctx.from.id);
    } catch (err) {
      if (!(err instanceof SearchFailure)) throw err;
      deps.log.warn({ ...updateFacts(ctx), kind: err.kind, code: err.code, detail: err.message }, 'CHOSEN feedback failed');
    }
  });

  return bot;
}

function toInlineResult(deps: BotDeps, queryId: string, result: SearchResult): InlineQueryResult {
  const meme = result.meme!;
  // The result id and the vote buttons carry the same self-contained ref (query_id + meme id).
  const id = deps.refs.encode({ queryId, memeId: meme.id }, VOTE_REF_BUDGET);
  const rendered = renderMeme(meme);
  const title = truncate(meme.title || meme.id, 100);
  const description = truncate(meaningLine(meme.description, 120), 120);
  const reply_markup = resultKeyboard(id, undefined);
  if (rendered.kind === 'photo') {
    return {
      type: 'photo',
      id,
      photo_url: rendered.photoUrl,
      thumbnail_url: rendered.photoUrl,
      title,
      description,
      caption: rendered.caption,
      parse_mode: 'HTML',
      reply_markup,
    };
  }
  return {
    type: 'article',
    id,
    title,
    description,
    ...(rendered.linkUrl ? { url: rendered.linkUrl } : {}),
    input_message_content: {
      message_text: rendered.text || escapeHtml(title),
      parse_mode: 'HTML',
      link_preview_options: rendered.linkUrl ? { url: rendered.linkUrl } : { is_disabled: true },
    },
    reply_markup,
  };
}
