import { SearchClient } from '@memesearch/search/client';
import { Client, Events, GatewayIntentBits, REST } from 'discord.js';
import { GatewayDispatchEvents, Routes, type APIInteraction, type APIUser, type GatewayDispatchPayload } from 'discord-api-types/v10';
import type { BotDeps } from './bot/bot-deps.js';
import { handleInteraction } from './bot/handle-interaction.js';
import type { DiscordConfig } from './config/env.js';
import { InteractionResponder } from './discord/interaction.responder.js';
import { ConfigError } from './errors.js';
import type { Logger } from './logging/logger.js';
import { SearchGateway } from './search/search.gateway.js';
import { SearchSessions } from './state/search-sessions.store.js';
import { TokenBucketLimiter } from '@memesearch/adapter-kit';

export interface RunningBot {
  botUser: APIUser;
  /** Handles one raw interaction payload (what the gateway delivers; tests call it directly). */
  handle(interaction: APIInteraction): Promise<void>;
  /** Ordered shutdown: leave the gateway → finish interactions in progress → close the gRPC channel. */
  stop(reason?: string): Promise<void>;
}

export interface StartOptions {
  /** Connect to the gateway to receive interactions (false in tests, which feed `handle`). */
  gateway?: boolean;
}

/** The Discord REST client every REST call goes through (the base URL is configurable for tests). */
export function createRest(config: Pick<DiscordConfig, 'DISCORD_API' | 'DISCORD_TOKEN'>): REST {
  return new REST({ api: config.DISCORD_API, version: '10' }).setToken(config.DISCORD_TOKEN);
}

/**
 * The adapter's composition root minus the process concerns (signals, exit codes): validates the
 * token with GET /users/@me, wires the gRPC client, state and handlers, and connects to the
 * gateway with the unprivileged `Guilds` intent only (interactions need no other).
 */
export async function startDiscordBot(config: DiscordConfig, log: Logger, opts: StartOptions = {}): Promise<RunningBot> {
  const rest = createRest(config);
  const botUser = await checkToken(rest, config);
  log.info({ bot: botUser.username, id: botUser.id }, 'bot token accepted');

  const search = new SearchGateway(new SearchClient(config.SEARCH_ADDRESS, config.SEARCH_DEADLINE_MS));
  const deps: BotDeps = {
    config,
    log,
    search,
    discord: new InteractionResponder(rest, config.DISCORD_APPLICATION_ID),
    sessions: new SearchSessions(config.DISCORD_STATE_SIZE),
    limiter: new TokenBucketLimiter(config.DISCORD_RATE_BURST, config.DISCORD_RATE_PER_MINUTE),
  };
  void search.healthy().then((ok) => {
    if (!ok) log.warn({ address: config.SEARCH_ADDRESS }, 'search service not reachable yet; users get a friendly error until it is');
  });

  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  const handle = (interaction: APIInteraction): Promise<void> => {
    if (!accepting) return Promise.resolve();
    const p = handleInteraction(deps, interaction).finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };

  let client: Client | undefined;
  if (opts.gateway !== false) {
    const gateway = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: config.DISCORD_API } });
    client = gateway;
    // The raw payload, not discord.js's classes: the handlers work on Discord's own shapes.
    gateway.on(Events.Raw, (packet: GatewayDispatchPayload) => {
      if (packet.t === GatewayDispatchEvents.InteractionCreate) void handle(packet.d);
    });
    gateway.on(Events.Error, (err) => log.error({ err }, 'gateway error'));
    gateway.on(Events.ShardDisconnect, (_e, shard) => log.warn({ shard }, 'gateway disconnected; reconnecting'));
    try {
      await gateway.login(config.DISCORD_TOKEN);
    } catch (err) {
      search.close();
      throw new ConfigError(`cannot connect to the Discord gateway: ${(err as Error).message}`);
    }
    log.info('receiving interactions through the gateway');
  }

  let stopping: Promise<void> | undefined;
  return {
    botUser,
    handle,
    stop(reason = 'stop') {
      stopping ??= (async () => {
        log.info({ reason }, 'stopping: no new interactions');
        accepting = false;
        await client?.destroy();
        const drained = await Promise.race([
          Promise.allSettled([...inFlight]).then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.SHUTDOWN_GRACE_MS).unref()),
        ]);
        if (!drained) log.warn({ left: inFlight.size }, 'stopped with interactions still in progress');
        search.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}

/** GET /users/@me proves the token is real before anything else happens. Never puts the token in a message. */
export async function checkToken(rest: REST, config: Pick<DiscordConfig, 'DISCORD_API'>): Promise<APIUser> {
  try {
    return (await rest.get(Routes.user('@me'))) as APIUser;
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (status === 401 || status === 403)
      throw new ConfigError('DISCORD_TOKEN was rejected by Discord (401 Unauthorized): reset and copy the bot token again');
    throw new ConfigError(`cannot reach the Discord API at ${config.DISCORD_API}: ${(err as Error).message}`);
  }
}
