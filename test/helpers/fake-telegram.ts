import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Telegram Bot API on 127.0.0.1 for end-to-end tests of the Telegram adapter. It records
 * every call (method + parsed body), answers with realistic `{ ok, result }` shapes, keeps the
 * messages it "sent" (so a test can press their buttons), serves getUpdates from a queue as a long
 * poll, and can be told to answer a method with 429 + retry_after once.
 */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** What it answered (`result`), e.g. the sent message with its message_id. */
  result?: unknown;
}

export const FAKE_BOT = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'Мемопоиск',
  username: 'memesearch_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
} as const;

type Json = Record<string, unknown>;
interface Waiter {
  offset: number;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  private readonly events = new EventEmitter();
  private readonly queue: Json[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly messages = new Map<string, Json>();
  private readonly failures = new Map<string, number>();
  private nextUpdateId = 1;
  private nextMessageId = 1000;

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(token: string): Promise<FakeTelegram> {
    const server = createServer();
    const fake = new FakeTelegram(server, token);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues an update for getUpdates; returns its update_id. */
  push(update: Json): number {
    const update_id = this.nextUpdateId++;
    this.queue.push({ update_id, ...update });
    for (const w of [...this.waiters]) this.serveUpdates(w);
    return update_id;
  }

  /** The next call of `method` is answered 429 with this retry_after (seconds). */
  failOnce(method: string, retryAfter: number): void {
    this.failures.set(method, retryAfter);
  }

  /** Calls of `method` since call index `since`, optionally only those `where` accepts. */
  callsOf(method: string, since = 0, where: (body: Json) => boolean = () => true): RecordedCall[] {
    return this.calls.slice(since).filter((c) => c.method === method && c.status === 200 && where(c.body));
  }

  /** Waits until `count` successful calls of `method` (since `since`) match `where`. */
  async waitFor(
    method: string,
    { since = 0, count = 1, where = () => true, timeoutMs = 30_000 }: WaitOptions = {},
  ): Promise<RecordedCall[]> {
    const found = () => this.callsOf(method, since, where);
    if (found().length >= count) return found().slice(0, count);
    return new Promise((resolve, reject) => {
      const onCall = () => {
        if (found().length < count) return;
        cleanup();
        resolve(found().slice(0, count));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `timed out waiting for ${count}× ${method} (got ${found().length}); calls: ${this.calls
              .slice(since)
              .map((c) => c.method)
              .join(', ')}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('call', onCall);
      };
      this.events.on('call', onCall);
    });
  }

  /** A message the bot sent (as the fake stores it now, with its current keyboard). */
  message(chatId: number, messageId: number): Json | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  async close(): Promise<void> {
    for (const w of [...this.waiters]) this.answerUpdates(w, []);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!match) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    const record = (status: number, result?: unknown) => {
      this.calls.push({ method, body, at: Date.now(), status, result });
      this.events.emit('call');
    };
    if (token !== this.token) {
      record(401);
      return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const retryAfter = this.failures.get(method);
    if (retryAfter !== undefined) {
      this.failures.delete(method);
      record(429);
      return send(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      });
    }
    if (method === 'getUpdates') {
      record(200);
      const offset = Number(body.offset ?? 0);
      // Telegram forgets updates below the offset: they were confirmed.
      while (this.queue.length && Number(this.queue[0]!.update_id) < offset) this.queue.shift();
      const waiter: Waiter = { offset, limit: Number(body.limit ?? 100), res, timer: undefined as unknown as NodeJS.Timeout };
      const timeoutS = Number(body.timeout ?? 0);
      waiter.timer = setTimeout(() => this.answerUpdates(waiter, []), timeoutS * 1000);
      res.on('close', () => {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
      });
      this.waiters.add(waiter);
      this.serveUpdates(waiter);
      if (timeoutS === 0 && this.waiters.has(waiter)) this.answerUpdates(waiter, []);
      return;
    }
    let result: unknown;
    try {
      result = this.result(method, body);
    } catch (err) {
      record(400);
      return send(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(err as Error).message}` });
    }
    record(200, result);
    send(res, 200, { ok: true, result });
  }

  private serveUpdates(w: Waiter): void {
    const ready = this.queue.filter((u) => Number(u.update_id) >= w.offset).slice(0, w.limit);
    if (ready.length) this.answerUpdates(w, ready);
  }

  private answerUpdates(w: Waiter, updates: Json[]): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
    if (!w.res.writableEnded) send(w.res, 200, { ok: true, result: updates });
  }

  private result(method: string, body: Json): unknown {
    const now = Math.floor(Date.now() / 1000);
    const chatId = Number(body.chat_id);
    const chat = {
      id: chatId,
      type: chatId > 0 ? 'private' : 'supergroup',
      ...(chatId > 0 ? { first_name: 'Тест' } : { title: 'Тестовая группа' }),
    };
    const base = { message_id: this.nextMessageId, date: now, chat, from: FAKE_BOT };
    switch (method) {
      case 'getMe':
        return FAKE_BOT;
      case 'sendMessage': {
        this.nextMessageId++;
        const msg = { ...base, text: stripHtml(String(body.text)), ...pick(body, 'reply_markup', 'link_preview_options') };
        return this.store(msg);
      }
      case 'sendPhoto': {
        this.nextMessageId++;
        const photo = [{ file_id: `photo-${base.message_id}`, file_unique_id: `u${base.message_id}`, width: 640, height: 480 }];
        const msg = {
          ...base,
          photo,
          ...(body.caption ? { caption: stripHtml(String(body.caption)) } : {}),
          ...pick(body, 'reply_markup'),
        };
        return this.store(msg);
      }
      case 'editMessageReplyMarkup': {
        if (body.inline_message_id) return true;
        const key = `${chatId}:${Number(body.message_id)}`;
        const msg = this.messages.get(key);
        if (!msg) throw new Error(`editMessageReplyMarkup of an unknown message ${key}`);
        const edited: Json = { ...msg, edit_date: now, reply_markup: body.reply_markup };
        if (!body.reply_markup) delete edited.reply_markup;
        this.messages.set(key, edited);
        return edited;
      }
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: 0 };
      default:
        // setWebhook, deleteWebhook, setMyCommands, answerCallbackQuery, answerInlineQuery, …
        return true;
    }
  }

  private store(msg: Json & { chat: { id: number }; message_id: number }): Json {
    this.messages.set(`${msg.chat.id}:${msg.message_id}`, msg);
    return msg;
  }
}

export interface WaitOptions {
  since?: number;
  count?: number;
  where?: (body: Json) => boolean;
  timeoutMs?: number;
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

function pick(body: Json, ...keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
}

/** What Telegram shows: the text without its HTML markup (entities are left out). */
function stripHtml(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** JSON or multipart/form-data (fields that carry JSON, like reply_markup, are parsed). */
async function readBody(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return JSON.parse(raw) as Json;
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  if (!boundary) return {};
  const out: Json = {};
  for (const part of raw.split(`--${boundary}`)) {
    const m = /name="([^"]+)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/.exec(part);
    if (!m) continue;
    const [, name, value] = m as unknown as [string, string, string];
    out[name] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

// ── Update builders ─────────────────────────────────────────────────────────────────────────────

let messageSeq = 1;
let querySeq = 1;
export const user = (id: number) => ({ id, is_bot: false, first_name: `Пользователь ${id}`, language_code: 'ru' });
const chatOf = (chatId: number, userId: number) =>
  chatId > 0 ? { id: chatId, type: 'private', first_name: `Пользователь ${userId}` } : { id: chatId, type: 'supergroup', title: 'Группа' };

/** A text message from `userId` (in their private chat unless `chatId` says otherwise). */
export function textMessage(userId: number, text: string, opts: { chatId?: number; entities?: Json[]; replyTo?: Json } = {}): Json {
  const chatId = opts.chatId ?? userId;
  return {
    message: {
      message_id: messageSeq++,
      date: Math.floor(Date.now() / 1000),
      from: user(userId),
      chat: chatOf(chatId, userId),
      text,
      ...(opts.entities ? { entities: opts.entities } : {}),
      ...(opts.replyTo ? { reply_to_message: opts.replyTo } : {}),
    },
  };
}

/** `/cmd args`: telegraf routes commands by their bot_command entity. */
export function command(userId: number, text: string, opts: { chatId?: number } = {}): Json {
  const length = text.split(' ')[0]!.length;
  return textMessage(userId, text, { ...opts, entities: [{ type: 'bot_command', offset: 0, length }] });
}

export function sticker(userId: number): Json {
  const chat = chatOf(userId, userId);
  return {
    message: {
      message_id: messageSeq++,
      date: Math.floor(Date.now() / 1000),
      from: user(userId),
      chat,
      sticker: {
        file_id: 'stk',
        file_unique_id: 'stku',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: '😂',
      },
    },
  };
}

/** A press of the button with `data` under `message` (a message the fake stored). */
export function buttonPress(userId: number, message: Json, data: string): Json {
  return { callback_query: { id: `cb${querySeq++}`, from: user(userId), chat_instance: 'ci1', message, data } };
}

export function inlineQuery(userId: number, query: string, offset = ''): Json {
  return { inline_query: { id: `iq${querySeq++}`, from: user(userId), query, offset, chat_type: 'sender' } };
}

export function chosenInlineResult(userId: number, resultId: string, query: string): Json {
  return { chosen_inline_result: { result_id: resultId, from: user(userId), query, inline_message_id: `im${querySeq++}` } };
}
