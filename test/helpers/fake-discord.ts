import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIUser,
} from 'discord-api-types/v10';

/**
 * A fake Discord REST API on 127.0.0.1 for end-to-end tests of the Discord adapter: records every
 * call (method, path, parsed body), answers GET /users/@me, interaction callbacks (204), webhook
 * edits/follow-ups and command registration, and answers 10062 for interactions marked expired.
 */
export interface RecordedCall {
  method: string;
  path: string;
  body: Record<string, unknown> | unknown[] | undefined;
  status: number;
}

export const APP_ID = '900000000000000001';
export const FAKE_BOT: APIUser = {
  id: APP_ID,
  username: 'memesearch',
  discriminator: '0',
  global_name: 'Мемопоиск',
  avatar: null,
  bot: true,
};

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  private readonly events = new EventEmitter();
  private readonly expired = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token: string): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, token);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get api(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Callbacks for this interaction id answer 404 Unknown interaction (10062). */
  expire(interactionId: string): void {
    this.expired.add(interactionId);
  }

  callsTo(pattern: RegExp, since = 0): RecordedCall[] {
    return this.calls.slice(since).filter((c) => pattern.test(`${c.method} ${c.path}`));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as RecordedCall['body']) : undefined;
    const path = decodeURIComponent((req.url ?? '').replace(/^\/v10/, '').split('?')[0]!);
    const method = req.method ?? 'GET';
    const send = (status: number, json?: unknown) => {
      this.calls.push({ method, path, body, status });
      res
        .writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' })
        .end(json === undefined ? undefined : JSON.stringify(json));
      this.events.emit('call');
    };
    if (method === 'GET' && path === '/users/@me') {
      return req.headers.authorization === `Bot ${this.token}` ? send(200, FAKE_BOT) : send(401, { message: '401: Unauthorized', code: 0 });
    }
    const cb = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (cb && method === 'POST') {
      if (this.expired.has(cb[1]!)) return send(404, { message: 'Unknown interaction', code: 10062 });
      return send(204);
    }
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) {
      if (method === 'DELETE') return send(204);
      return send(200, { id: '1', ...(body as object) });
    }
    if (/^\/webhooks\/\d+\/[^/]+$/.test(path) && method === 'POST') return send(200, { id: '2', ...(body as object) });
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT') {
      return send(
        200,
        (body as Array<Record<string, unknown>>).map((c, n) => ({ id: String(n + 1), application_id: APP_ID, version: '1', ...c })),
      );
    }
    send(404, { message: `404: Not Found ${method} ${path}`, code: 0 });
  }
}

let nextId = 1_000_000_000_000_000_000n;
const snowflake = () => String(nextId++);
const user = (id: string): APIUser => ({ id, username: `user${id}`, discriminator: '0', global_name: null, avatar: null });
const base = (userId: string, guild: boolean) => ({
  id: snowflake(),
  application_id: APP_ID,
  token: `aW50ZXJhY3Rpb246${snowflake()}FakeInteractionToken`,
  version: 1 as const,
  app_permissions: '0',
  locale: 'ru' as const,
  entitlements: [],
  authorizing_integration_owners: {},
  attachment_size_limit: 8_388_608,
  channel_id: '800',
  channel: { id: '800', type: guild ? 0 : 1 },
  ...(guild
    ? {
        guild_id: '700',
        guild_locale: 'ru',
        member: { user: user(userId), roles: [], joined_at: '2024-01-01T00:00:00Z', deaf: false, mute: false, flags: 0, permissions: '0' },
      }
    : { user: user(userId) }),
});

export function slashCommand(
  userId: string,
  name: string,
  options: Record<string, string | number>,
  guild = true,
): APIChatInputApplicationCommandInteraction {
  return {
    ...base(userId, guild),
    type: InteractionType.ApplicationCommand,
    data: {
      id: '555',
      name,
      type: ApplicationCommandType.ChatInput,
      options: Object.entries(options).map(([k, v]) =>
        typeof v === 'number'
          ? { name: k, type: ApplicationCommandOptionType.Integer, value: v }
          : { name: k, type: ApplicationCommandOptionType.String, value: v },
      ),
    },
  } as APIChatInputApplicationCommandInteraction;
}

export function autocomplete(userId: string, name: string, option: string, typed: string): APIApplicationCommandAutocompleteInteraction {
  return {
    ...base(userId, true),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: '556',
      name,
      type: ApplicationCommandType.ChatInput,
      options: [{ name: option, type: ApplicationCommandOptionType.String, value: typed, focused: true }],
    },
  } as APIApplicationCommandAutocompleteInteraction;
}

/** A button press on a message the bot sent (embeds + components as the bot last set them). */
export function buttonPress(
  userId: string,
  message: Pick<APIMessage, 'components' | 'embeds'>,
  customId: string,
): APIMessageComponentButtonInteraction {
  return {
    ...base(userId, true),
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message: {
      id: snowflake(),
      channel_id: '800',
      content: '',
      attachments: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      mention_everyone: false,
      tts: false,
      timestamp: '',
      edited_timestamp: null,
      type: 0,
      author: FAKE_BOT,
      ...message,
    } as unknown as APIMessage,
  } as APIMessageComponentButtonInteraction;
}
