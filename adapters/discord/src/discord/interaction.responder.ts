import type { REST } from 'discord.js';
import {
  InteractionResponseType,
  MessageFlags,
  Routes,
  type APIApplicationCommandOptionChoice,
  type APIInteraction,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
} from 'discord-api-types/v10';

/** Discord's "Unknown interaction": the 3-second window (or the 15-minute token) has passed. */
const UNKNOWN_INTERACTION = 10062;
/** "Interaction has already been acknowledged". */
const ALREADY_ACKNOWLEDGED = 40060;

/** The interaction can no longer be answered (expired token or already answered). */
export class InteractionExpired extends Error {
  override readonly name = 'InteractionExpired';
}

export type MessageBody = RESTPatchAPIWebhookWithTokenMessageJSONBody;
type Ref = Pick<APIInteraction, 'id' | 'token'>;

/**
 * The only door to Discord's REST API for answering interactions: callbacks, edits of the
 * original response and follow-ups. Interaction endpoints are authorised by the interaction token
 * in the URL, not the bot token (`auth: false`). Discord's "this interaction is gone" errors
 * become InteractionExpired so callers can log them and move on.
 */
export class InteractionResponder {
  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
  ) {}

  reply(i: Ref, body: MessageBody, ephemeral = false): Promise<void> {
    const data = ephemeral ? { ...body, flags: MessageFlags.Ephemeral } : body;
    return this.callback(i, { type: InteractionResponseType.ChannelMessageWithSource, data });
  }

  /** "Bot is thinking…": the answer comes later through editOriginal (within 15 minutes). */
  deferReply(i: Ref): Promise<void> {
    return this.callback(i, { type: InteractionResponseType.DeferredChannelMessageWithSource });
  }

  /** Replaces the message a button sits on. */
  update(i: Ref, body: MessageBody): Promise<void> {
    return this.callback(i, { type: InteractionResponseType.UpdateMessage, data: body });
  }

  /** Acknowledges a button press; the message is edited later through editOriginal. */
  deferUpdate(i: Ref): Promise<void> {
    return this.callback(i, { type: InteractionResponseType.DeferredMessageUpdate });
  }

  autocomplete(i: Ref, choices: APIApplicationCommandOptionChoice[]): Promise<void> {
    return this.callback(i, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
  }

  editOriginal(i: Ref, body: MessageBody): Promise<void> {
    return this.send(() => this.rest.patch(Routes.webhookMessage(this.applicationId, i.token, '@original'), { body, auth: false }));
  }

  deleteOriginal(i: Ref): Promise<void> {
    return this.send(() => this.rest.delete(Routes.webhookMessage(this.applicationId, i.token, '@original'), { auth: false }));
  }

  followUp(i: Ref, body: MessageBody, ephemeral = false): Promise<void> {
    const data = ephemeral ? { ...body, flags: MessageFlags.Ephemeral } : body;
    return this.send(() => this.rest.post(Routes.webhook(this.applicationId, i.token), { body: data, auth: false }));
  }

  private callback(i: Ref, body: unknown): Promise<void> {
    return this.send(() => this.rest.post(Routes.interactionCallback(i.id, i.token), { body, auth: false }));
  }

  private async send(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === UNKNOWN_INTERACTION || code === ALREADY_ACKNOWLEDGED) throw new InteractionExpired(`Discord error ${code}`);
      throw err;
    }
  }
}
