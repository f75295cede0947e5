import type { Context } from 'telegraf';
import type { TelegramConfig } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import type { SearchGateway } from '../search/search.gateway.js';
import type { ResultRefCodec } from '../state/result-ref.codec.js';
import type { SearchSessions } from '../state/search-sessions.store.js';
import type { TokenBucketLimiter } from '@memesearch/adapter-kit';
import type { VoteMemory } from '../state/vote-memory.store.js';

/** What the handlers use; built once in start-bot.ts. */
export interface BotDeps {
  config: Pick<TelegramConfig, 'TELEGRAM_RESULTS' | 'TELEGRAM_INLINE_RESULTS' | 'TELEGRAM_INLINE_CACHE_SECONDS'>;
  log: Logger;
  search: SearchGateway;
  sessions: SearchSessions;
  refs: ResultRefCodec;
  votes: VoteMemory;
  limiter: TokenBucketLimiter;
}

/** The service returns at most this many results per search (so «Ещё» ends there). */
export const MAX_RESULTS = 50;

/** Rate-limit cost of each kind of action (a search is 1). */
export const COST = { search: 1, inline: 0.5, vote: 0.2 } as const;

/** Telegram's "nothing changed" answer to an edit is not a failure. */
export function isNotModified(err: unknown): boolean {
  const e = err as { code?: unknown; description?: unknown };
  return e?.code === 400 && typeof e.description === 'string' && e.description.includes('message is not modified');
}

/** Update facts for log lines (never message texts or tokens). */
export function updateFacts(ctx: Context): Record<string, unknown> {
  return { updateId: ctx.update.update_id, updateType: ctx.updateType, chatType: ctx.chat?.type };
}
