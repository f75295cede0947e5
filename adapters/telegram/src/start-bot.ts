import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SearchClient } from '@memesearch/search/client';
import type { Telegraf } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { ALLOWED_UPDATES, createBot } from './bot/create-bot.js';
import type { TelegramConfig } from './config/env.js';
import { ConfigError } from './errors.js';
import type { Logger } from './logging/logger.js';
import { SearchGateway } from './search/search.gateway.js';
import { ResultRefCodec } from './state/result-ref.codec.js';
import { SearchSessions } from './state/search-sessions.store.js';
import { TokenBucketLimiter } from '@memesearch/adapter-kit';
import { VoteMemory } from './state/vote-memory.store.js';

export interface RunningBot {
  bot: Telegraf;
  botInfo: UserFromGetMe;
  mode: 'polling' | 'webhook';
  /** The webhook listener's port (webhook mode). */
  webhookPort: number | undefined;
  /** Settles when intake ends: after stop(), or rejects when polling fails for good (409, 401). */
  stopped: Promise<void>;
  /** Ordered shutdown: stop intake → finish updates in progress → close the gRPC channel. */
  stop(reason?: string): Promise<void>;
}

/**
 * The adapter's composition root minus the process concerns (signals, exit codes): validates the
 * token with getMe, wires the gRPC client, state and features, and starts long polling or the
 * webhook listener.
 */
export async function startTelegramBot(config: TelegramConfig, log: Logger): Promise<RunningBot> {
  const search = new SearchGateway(new SearchClient(config.SEARCH_ADDRESS, config.SEARCH_DEADLINE_MS));
  const { bot, runner } = createBot(config, {
    config,
    log,
    search,
    sessions: new SearchSessions(config.TELEGRAM_STATE_SIZE),
    refs: new ResultRefCodec(config.TELEGRAM_STATE_SIZE),
    votes: new VoteMemory(config.TELEGRAM_STATE_SIZE * 10),
    limiter: new TokenBucketLimiter(config.TELEGRAM_RATE_BURST, config.TELEGRAM_RATE_PER_MINUTE),
  });
  try {
    bot.botInfo = await checkToken(bot, config);
  } catch (err) {
    search.close();
    throw err;
  }
  const botInfo = bot.botInfo;
  log.info({ bot: botInfo.username, inline: botInfo.supports_inline_queries }, 'bot token accepted');
  if (!botInfo.supports_inline_queries) log.warn('inline mode is off for this bot: turn it on with /setinline in @BotFather');
  await bot.telegram
    .setMyCommands([
      { command: 'search', description: 'Найти мемы по ситуации' },
      { command: 'help', description: 'Как пользоваться' },
    ])
    .catch((err: unknown) => log.warn({ err }, 'setMyCommands failed (the menu may be stale)'));
  void search.healthy().then((ok) => {
    if (!ok) log.warn({ address: config.SEARCH_ADDRESS }, 'search service not reachable yet; users get a friendly error until it is');
  });

  let server: Server | undefined;
  let stopped: Promise<void>;
  if (config.TELEGRAM_WEBHOOK_URL) {
    const url = new URL(config.TELEGRAM_WEBHOOK_URL);
    const callback = bot.webhookCallback(url.pathname, { secretToken: config.TELEGRAM_WEBHOOK_SECRET });
    const listener = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') return void res.writeHead(200).end('ok');
      // Wrong path, method or secret → 403 (telegraf's filter compares the secret in constant time).
      void callback(req, res);
    });
    server = listener;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(config.TELEGRAM_WEBHOOK_PORT, config.TELEGRAM_WEBHOOK_HOST, () => resolve());
    });
    await bot.telegram.setWebhook(config.TELEGRAM_WEBHOOK_URL, {
      secret_token: config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    stopped = new Promise((resolve) => listener.once('close', () => resolve()));
    log.info({ port: (listener.address() as AddressInfo).port }, 'receiving updates by webhook');
  } else {
    stopped = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
    log.info('receiving updates by long polling');
  }
  stopped.catch(() => undefined); // the caller decides; not an unhandled rejection meanwhile

  let stopping: Promise<void> | undefined;
  return {
    bot,
    botInfo,
    mode: server ? 'webhook' : 'polling',
    webhookPort: server ? (server.address() as AddressInfo).port : undefined,
    stopped,
    stop(reason = 'stop') {
      stopping ??= (async () => {
        log.info({ reason }, 'stopping: no new updates');
        if (server) {
          server.close();
          server.closeIdleConnections();
        } else {
          bot.stop(reason);
        }
        await stopped.catch(() => undefined);
        if (!(await runner.drain(config.SHUTDOWN_GRACE_MS))) log.warn({ left: runner.size }, 'stopped with updates still in progress');
        search.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}

/** getMe: proves the token is real before anything else happens. Never puts the token in a message. */
async function checkToken(bot: Telegraf, config: TelegramConfig): Promise<UserFromGetMe> {
  try {
    return await bot.telegram.getMe();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 401 || code === 404) {
      throw new ConfigError('TELEGRAM_BOT_TOKEN was rejected by Telegram (401 Unauthorized): copy the token from @BotFather again');
    }
    throw new ConfigError(`cannot reach the Telegram Bot API at ${config.TELEGRAM_API_ROOT}: ${(err as Error).message}`);
  }
}
