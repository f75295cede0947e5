import { loadTelegramConfig, type TelegramConfig } from './config/env.js';
import { ConfigError } from './errors.js';
import { createLogger, scrubber } from './logging/logger.js';
import { startTelegramBot, type RunningBot } from './start-bot.js';

/**
 * Process entry of the Telegram bot (`memesearch-telegram`): config, logger, the bot, signals.
 * Exit codes: 0 after SIGINT/SIGTERM, 1 when receiving updates fails for good, 2 for
 * configuration problems (a bad variable, a token Telegram rejects, an unreachable Bot API).
 */
async function main(): Promise<void> {
  let config: TelegramConfig;
  try {
    config = loadTelegramConfig();
  } catch (err) {
    console.error(`memesearch-telegram: ${(err as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const secrets = [config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_WEBHOOK_SECRET ?? ''];
  const log = createLogger(config.LOG_LEVEL, 'telegram', secrets);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  // The log destination is asynchronous: exit only once it has written everything.
  const exit = (code: number) => log.flush(() => process.exit(code));

  let bot: RunningBot;
  try {
    bot = await startTelegramBot(config, log);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`memesearch-telegram: ${scrubber(secrets)(err.message)}`);
    process.exitCode = 2;
    return;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void bot.stop(signal).then(() => exit(0)));
  }
  bot.stopped.catch((err: unknown) => {
    log.fatal({ err }, 'receiving updates failed for good (another instance with this token? a revoked token?)');
    void bot.stop('intake failed').finally(() => exit(1));
  });
}

await main();
