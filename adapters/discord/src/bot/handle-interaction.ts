import {
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIMessageComponentButtonInteraction,
} from 'discord-api-types/v10';
import { InteractionExpired } from '../discord/interaction.responder.js';
import { SearchFailure } from '../search/search.gateway.js';
import { Answer, Notice } from './answer.js';
import type { BotDeps } from './bot-deps.js';
import { decodeAction } from './custom-id.js';
import { userIdOf } from './interaction-fields.js';
import { handleMemeCommand, handleMore } from './meme.command.js';
import { handleMemeNameAutocomplete, handleMemeNameCommand } from './meme-name.command.js';
import { GENERIC_ERROR, SEARCH_FAILURE, STALE_BUTTON, rateLimited } from './messages.js';
import { handleVote } from './vote.button.js';

export const COMMAND_MEME = 'meme';
export const COMMAND_MEME_NAME = 'meme-name';

/**
 * Entry point for one raw interaction payload (as the gateway delivers it). The error boundary:
 * it never throws; whatever fails is logged and told to the user ephemeral, and an expired
 * interaction is only logged.
 */
export async function handleInteraction(deps: BotDeps, i: APIInteraction): Promise<void> {
  const answer = new Answer(deps.discord, i, deps.config.DISCORD_DEFER_AFTER_MS);
  const log = deps.log.child({ interaction: i.id, type: i.type, guild: i.guild_id ?? null });
  try {
    if (i.type === InteractionType.ApplicationCommandAutocomplete) {
      const choices = await handleMemeNameAutocomplete(deps, i).catch((err: unknown) => {
        log.warn({ err }, 'autocomplete failed; no suggestions');
        return [];
      });
      await deps.discord.autocomplete(i, choices);
      return;
    }
    if (i.type === InteractionType.ApplicationCommand && i.data.type === ApplicationCommandType.ChatInput) {
      const cmd = i as APIChatInputApplicationCommandInteraction;
      limit(deps, cmd, 1);
      if (cmd.data.name === COMMAND_MEME) return await handleMemeCommand(deps, cmd, answer);
      if (cmd.data.name === COMMAND_MEME_NAME) return await handleMemeNameCommand(deps, cmd, answer);
      throw new Notice(STALE_BUTTON);
    }
    if (i.type === InteractionType.MessageComponent && i.data.component_type === ComponentType.Button) {
      const press = i as APIMessageComponentButtonInteraction;
      const action = decodeAction(press.data.custom_id);
      if (!action) throw new Notice(STALE_BUTTON);
      if (action.kind === 'more') {
        limit(deps, press, 1);
        return await handleMore(deps, press, action.queryId, answer);
      }
      limit(deps, press, 0.2);
      return await handleVote(deps, press, action, answer);
    }
    log.debug('interaction ignored');
  } catch (err) {
    await fail(answer, err, log);
  }
}

function limit(deps: BotDeps, i: APIInteraction, cost: number): void {
  const taken = deps.limiter.take(userIdOf(i), cost);
  if (!taken.ok) throw new Notice(rateLimited(taken.retryAfterMs));
}

async function fail(answer: Answer, err: unknown, log: BotDeps['log']): Promise<void> {
  if (err instanceof InteractionExpired) {
    log.warn({ reason: err.message }, 'interaction expired before it was answered (10062 Unknown interaction); dropped');
    return;
  }
  let text = GENERIC_ERROR;
  if (err instanceof Notice) {
    text = err.message;
    log.info({ notice: text }, 'refused');
  } else if (err instanceof SearchFailure) {
    text = SEARCH_FAILURE[err.kind];
    log.warn({ kind: err.kind, code: err.code, detail: err.message }, 'search service failed');
  } else {
    log.error({ err }, 'interaction failed');
  }
  try {
    await answer.fail(text);
  } catch (e) {
    if (e instanceof InteractionExpired) log.warn('interaction expired before the error could be shown');
    else log.error({ err: e }, 'could not tell the user about the error');
  }
}
