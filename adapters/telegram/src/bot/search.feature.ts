import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { SearchResult } from '@memesearch/search/client';
import { SearchFailure } from '../search/search.gateway.js';
import { addressedText, isReplyToBot, prepareQuery } from './addressing.js';
import { COST, MAX_RESULTS, isNotModified, updateFacts, type BotDeps } from './bot-deps.js';
import { renderMeme } from './format-result.js';
import { MORE, VOTE_REF_BUDGET, resultKeyboard, withoutMore } from './keyboards.js';
import * as t from './messages.js';

/**
 * Searching from chat messages: a private text, `/search <text>`, a mention or a reply to the bot
 * in a group; the results with 👍/👎; «Ещё» for the next page of the same query.
 */
export function searchFeature(deps: BotDeps): Composer<Context> {
  const bot = new Composer<Context>();

  bot.command('search', async (ctx) => {
    const replyTo = ctx.chat.type === 'private' ? undefined : ctx.message.message_id;
    const text = ctx.payload.trim();
    if (!text) return void (await ctx.reply(t.SEARCH_USAGE, replyOpts(replyTo)));
    await searchAndReply(ctx, deps, text, replyTo);
  });

  bot.on(message('text'), async (ctx) => {
    const isPrivate = ctx.chat.type === 'private';
    const text = addressedText(ctx.message, ctx.botInfo, isPrivate);
    if (text === undefined) return; // group chatter that is not for us
    const replyTo = isPrivate ? undefined : ctx.message.message_id;
    if (text.trimStart().startsWith('/')) {
      if (isPrivate) await ctx.reply(t.UNKNOWN_COMMAND);
      return;
    }
    await searchAndReply(ctx, deps, text, replyTo);
  });

  // Stickers, photos, voice… : not a description; say what works (in groups only when asked).
  bot.on('message', async (ctx) => {
    const isPrivate = ctx.chat.type === 'private';
    if (isPrivate || isReplyToBot(ctx.message, ctx.botInfo.id)) {
      await ctx.reply(t.NON_TEXT, replyOpts(isPrivate ? undefined : ctx.message.message_id));
    }
  });

  bot.action(new RegExp(`^${MORE}(.+)$`), async (ctx) => {
    await showMore(ctx, deps, ctx.match[1] ?? '');
  });

  return bot;
}

const replyOpts = (replyTo: number | undefined) =>
  replyTo === undefined ? {} : { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } };

async function searchAndReply(ctx: Context, deps: BotDeps, raw: string, replyTo: number | undefined): Promise<void> {
  const userId = ctx.from!.id;
  const prepared = prepareQuery(raw);
  if (!prepared.ok) return void (await ctx.reply(t.MEANINGLESS, replyOpts(replyTo)));

  const allowed = deps.limiter.take(`u${userId}`, COST.search);
  if (!allowed.ok) {
    if (allowed.firstRefusal) await ctx.reply(t.rateLimited(allowed.retryAfterMs), replyOpts(replyTo));
    return;
  }
  const page = deps.config.TELEGRAM_RESULTS;
  let res;
  try {
    res = await deps.search.search(prepared.query, page, userId);
  } catch (err) {
    if (!(err instanceof SearchFailure)) throw err;
    deps.log.warn({ ...updateFacts(ctx), kind: err.kind, code: err.code, detail: err.message }, 'search failed');
    return void (await ctx.reply(t.SEARCH_FAILURE[err.kind], replyOpts(replyTo)));
  }
  if (res.results.length === 0) return void (await ctx.reply(t.NOTHING_FOUND, replyOpts(replyTo)));
  if (prepared.trimmed) await ctx.reply(t.QUERY_TRIMMED, replyOpts(replyTo));

  const hasMore = res.results.length === page && page < MAX_RESULTS;
  const key = hasMore ? deps.sessions.create({ query: prepared.query, shown: res.results.map((r) => r.meme!.id) }) : undefined;
  await sendResults(ctx, deps, res.query_id, res.results, key, replyTo);
}

async function showMore(ctx: Context, deps: BotDeps, key: string): Promise<void> {
  const userId = ctx.from!.id;
  const session = deps.sessions.get(key);
  if (!session) return void (await ctx.answerCbQuery(t.SESSION_EXPIRED));
  const allowed = deps.limiter.take(`u${userId}`, COST.search);
  if (!allowed.ok) return void (await ctx.answerCbQuery(t.rateLimited(allowed.retryAfterMs)));

  const page = deps.config.TELEGRAM_RESULTS;
  const limit = Math.min(MAX_RESULTS, session.shown.length + page);
  let res;
  try {
    // The service has no offset: ask for more and skip what this search already showed.
    res = await deps.search.search(session.query, limit, userId);
  } catch (err) {
    if (!(err instanceof SearchFailure)) throw err;
    deps.log.warn({ ...updateFacts(ctx), kind: err.kind, code: err.code, detail: err.message }, 'search for «Ещё» failed');
    return void (await ctx.answerCbQuery(t.SEARCH_FAILURE[err.kind]));
  }
  const shown = new Set(session.shown);
  const fresh = res.results.filter((r) => !shown.has(r.meme!.id)).slice(0, page);
  if (fresh.length === 0) return void (await ctx.answerCbQuery(t.NO_MORE));
  await ctx.answerCbQuery();
  session.shown.push(...fresh.map((r) => r.meme!.id));

  const markup = messageMarkup(ctx);
  await ctx.editMessageReplyMarkup(withoutMore(markup)).catch((err: unknown) => {
    if (!isNotModified(err)) deps.log.warn({ ...updateFacts(ctx), err }, 'could not move «Ещё»');
  });
  const hasMore = res.results.length === limit && limit < MAX_RESULTS && fresh.length === page;
  await sendResults(ctx, deps, res.query_id, fresh, hasMore ? key : undefined, undefined);
}

export function messageMarkup(ctx: Context): InlineKeyboardMarkup | undefined {
  const msg = ctx.callbackQuery?.message;
  return msg && 'reply_markup' in msg ? msg.reply_markup : undefined;
}

/** One message per result (each carries its own 👍/👎); «Ещё» under the last one. */
async function sendResults(
  ctx: Context,
  deps: BotDeps,
  queryId: string,
  results: SearchResult[],
  moreKey: string | undefined,
  replyTo: number | undefined,
): Promise<void> {
  for (const [i, result] of results.entries()) {
    const meme = result.meme!;
    const ref = deps.refs.encode({ queryId, memeId: meme.id }, VOTE_REF_BUDGET);
    const reply_markup = resultKeyboard(ref, i === results.length - 1 ? moreKey : undefined);
    const extra = { parse_mode: 'HTML' as const, reply_markup, ...(i === 0 ? replyOpts(replyTo) : {}) };
    const rendered = renderMeme(meme);
    if (rendered.kind === 'photo') {
      try {
        await ctx.replyWithPhoto(rendered.photoUrl, { ...extra, caption: rendered.caption });
        continue;
      } catch (err) {
        // Telegram could not fetch the picture: the text with the link still helps.
        if ((err as { code?: unknown }).code !== 400) throw err;
        deps.log.warn({ ...updateFacts(ctx), memeId: meme.id, err }, 'sendPhoto refused; sending the text instead');
      }
    }
    const text = rendered.kind === 'photo' ? rendered.caption : rendered.text;
    await ctx.reply(text, {
      ...extra,
      link_preview_options: rendered.linkUrl ? { url: rendered.linkUrl, prefer_large_media: true } : { is_disabled: true },
    });
  }
}
