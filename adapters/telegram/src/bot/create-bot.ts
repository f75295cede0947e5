import { Telegraf, type Context } from 'telegraf';
import type { TelegramConfig } from '../config/env.js';
import { honourRetryAfter } from '../telegram/retry-after.js';
import { updateFacts, type BotDeps } from './bot-deps.js';
import { inlineFeature } from './inline.feature.js';
import * as t from './messages.js';
import { searchFeature } from './search.feature.js';
import { startFeature } from './start.feature.js';
import { HandlerTimeoutError, UpdateRunner } from './update-runner.js';
import { voteFeature } from './vote.feature.js';

type BotConfig = Pick<TelegramConfig, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_API_ROOT' | 'TELEGRAM_HANDLER_TIMEOUT_MS'>;

/** Updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query', 'chosen_inline_result'] as const;

/**
 * The telegraf bot with its middleware tree: 429-aware API calls → the update runner (timeout,
 * per-chat order, error boundary) → the features. Nothing here talks to the network yet.
 */
export function createBot(config: BotConfig, deps: BotDeps): { bot: Telegraf; runner: UpdateRunner } {
  const { log } = deps;
  const bot = new Telegraf(config.TELEGRAM_BOT_TOKEN, {
    // The runner below enforces the real timeout; this only bounds telegraf's own wait.
    handlerTimeout: config.TELEGRAM_HANDLER_TIMEOUT_MS,
    // Every call is a real request, so failures are seen and 429s retried.
    telegram: { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false },
  });
  honourRetryAfter(bot.telegram, log);

  const onError = async (err: unknown, ctx: Context): Promise<void> => {
    if (err instanceof HandlerTimeoutError) log.warn({ ...updateFacts(ctx), err }, 'update timed out');
    else log.error({ ...updateFacts(ctx), err }, 'update failed');
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery(t.GENERIC_ERROR);
      else if (ctx.message && ctx.chat?.type === 'private') await ctx.reply(t.GENERIC_ERROR);
    } catch {
      // Already answered, or Telegram itself is the problem: the log line above is what is left.
    }
  };
  bot.catch(onError);

  const runner = new UpdateRunner({ timeoutMs: config.TELEGRAM_HANDLER_TIMEOUT_MS, maxConcurrent: 256, onError });
  bot.use((ctx, next) => {
    honourRetryAfter(ctx.telegram, log); // telegraf builds a fresh client per update
    return next();
  });
  bot.use(runner.middleware());
  bot.use(startFeature(), searchFeature(deps), voteFeature(deps), inlineFeature(deps));
  // Callback queries are always answered, even for buttons of an older version of the bot.
  bot.on('callback_query', async (ctx) => {
    await ctx.answerCbQuery(t.STALE_BUTTON);
  });
  return { bot, runner };
}
