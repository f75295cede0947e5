import type { DiscordConfig } from '../config/env.js';
import type { InteractionResponder } from '../discord/interaction.responder.js';
import type { Logger } from '../logging/logger.js';
import type { SearchGateway } from '../search/search.gateway.js';
import type { SearchSessions } from '../state/search-sessions.store.js';
import type { TokenBucketLimiter } from '@memesearch/adapter-kit';

/** What the interaction handlers use, built once in start-bot.ts (tests build their own). */
export interface BotDeps {
  config: Pick<DiscordConfig, 'DISCORD_RESULTS' | 'DISCORD_DEFER_AFTER_MS'>;
  log: Logger;
  search: SearchGateway;
  discord: InteractionResponder;
  sessions: SearchSessions;
  limiter: TokenBucketLimiter;
}
