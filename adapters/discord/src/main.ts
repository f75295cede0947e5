import { parseArgs } from 'node:util';
import { registerCommands } from './commands/register.js';
import { loadDiscordConfig, type DiscordConfig } from './config/env.js';
import { ConfigError } from './errors.js';
import { createLogger, scrubber } from './logging/logger.js';
import { checkToken, createRest, startDiscordBot, type RunningBot } from './start-bot.js';

const USAGE = `usage: memesearch-discord            start the bot
       memesearch-discord register [--guild ID]   register the slash commands (global, or one guild at once)`;

/**
 * Process entry of the Discord bot (`memesearch-discord`): config, logger, the bot or the
 * `register` command, signals. Exit codes: 0 after SIGINT/SIGTERM or a done registration, 1 for a
 * failed registration, 2 for configuration problems (a bad variable, a rejected token, bad usage).
 */
async function main(argv: string[]): Promise<void> {
  let args: ReturnType<typeof parseCli>;
  let config: DiscordConfig;
  try {
    args = parseCli(argv);
    config = loadDiscordConfig();
  } catch (err) {
    console.error(`memesearch-discord: ${(err as Error).message}`);
    process.exitCode = 2;
    return;
  }
  const secrets = [config.DISCORD_TOKEN];
  const log = createLogger(config.LOG_LEVEL, 'discord', secrets);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  const exit = (code: number) => log.flush(() => process.exit(code));

  if (args.command === 'register') {
    try {
      const rest = createRest(config);
      await checkToken(rest, config);
      const done = await registerCommands(rest, config.DISCORD_APPLICATION_ID, args.guild);
      console.log(`registered ${done.length} commands ${args.guild ? `in guild ${args.guild}` : 'globally (may take a while to appear)'}`);
    } catch (err) {
      console.error(`memesearch-discord register: ${scrubber(secrets)((err as Error).message)}`);
      process.exitCode = err instanceof ConfigError ? 2 : 1;
    }
    return;
  }

  let bot: RunningBot;
  try {
    bot = await startDiscordBot(config, log);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`memesearch-discord: ${scrubber(secrets)(err.message)}`);
    process.exitCode = 2;
    return exit(2);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void bot.stop(signal).then(() => exit(0)));
  }
}

function parseCli(argv: string[]): { command: 'start' | 'register'; guild: string | undefined } {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { guild: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [command = 'start', ...rest] = positionals;
  if ((command !== 'start' && command !== 'register') || rest.length > 0) throw new ConfigError(`unknown command\n${USAGE}`);
  if (values.guild !== undefined && !/^\d{15,21}$/.test(values.guild)) throw new ConfigError('--guild must be a guild id (a snowflake)');
  return { command, guild: values.guild };
}

await main(process.argv.slice(2));
