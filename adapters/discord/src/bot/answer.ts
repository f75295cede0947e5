import type { APIInteraction } from 'discord-api-types/v10';
import type { InteractionResponder, MessageBody } from '../discord/interaction.responder.js';

/** A friendly refusal (rate limit, someone else's buttons…): shown ephemeral, logged at info. */
export class Notice extends Error {
  override readonly name = 'Notice';
}

const LATE = Symbol('late');

/**
 * Answers one interaction, keeping track of what Discord has already been told: an answer ready
 * within the defer window goes out as the callback itself; a slower one is deferred first (Discord
 * drops interactions unanswered after 3 s) and edited in. Errors always reach the user ephemeral.
 */
export class Answer {
  private state: 'new' | 'deferred-reply' | 'deferred-update' | 'done' = 'new';

  constructor(
    private readonly discord: InteractionResponder,
    readonly interaction: Pick<APIInteraction, 'id' | 'token'>,
    private readonly deferAfterMs: number,
  ) {}

  /** `mode` 'reply' posts a new message; 'update' replaces the message the button sits on. */
  async inTime(mode: 'reply' | 'update', work: Promise<MessageBody>): Promise<void> {
    work.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), this.deferAfterMs)));
    const first = await Promise.race([
      work.then(
        (body) => ({ body }),
        (err: unknown) => ({ err }),
      ),
      late,
    ]);
    clearTimeout(timer);
    if (first !== LATE) {
      if ('err' in first) throw first.err;
      await (mode === 'reply' ? this.discord.reply(this.interaction, first.body) : this.discord.update(this.interaction, first.body));
      this.state = 'done';
      return;
    }
    if (mode === 'reply') await this.discord.deferReply(this.interaction);
    else await this.discord.deferUpdate(this.interaction);
    this.state = mode === 'reply' ? 'deferred-reply' : 'deferred-update';
    await this.discord.editOriginal(this.interaction, await work);
    this.state = 'done';
  }

  /** Tells the user something went wrong, only them (ephemeral), whatever was sent before. */
  async fail(text: string): Promise<void> {
    if (this.state === 'new') {
      await this.discord.reply(this.interaction, { content: text }, true);
    } else {
      // A deferred reply's "thinking…" is public: remove it, then say what happened privately.
      if (this.state === 'deferred-reply') await this.discord.deleteOriginal(this.interaction);
      await this.discord.followUp(this.interaction, { content: text }, true);
    }
    this.state = 'done';
  }
}
