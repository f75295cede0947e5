import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTelegramConfig, type TelegramConfig } from '../adapters/telegram/src/config/env.js';
import { startTelegramBot, type RunningBot } from '../adapters/telegram/src/start-bot.js';
import { loadConfig, type Config } from '../services/search/src/config/env.js';
import { startServer, type RunningServer } from '../services/search/src/server/start-server.js';
import {
  FAKE_BOT,
  FakeTelegram,
  buttonPress,
  chosenInlineResult,
  command,
  inlineQuery,
  sticker,
  textMessage,
  type RecordedCall,
} from './helpers/fake-telegram.js';
import { STUDY_MEMES } from './helpers/builtin.js';
import { isolatedCache } from './helpers/model.js';

/**
 * End to end through the Telegram adapter: the real telegraf client against a fake Bot API on
 * loopback, the real search service (real model, built-in corpus, PGlite feedback store).
 */
const TOKEN = '123456789:AAFakeTokenForTests_abcdefghijklmnop';
const EXAM = 'всю ночь не спал, готовился к экзамену, а его отменили';

let searchConfig: Config;
let search: RunningServer;
let cleanup: () => void;
let fake: FakeTelegram;
let botConfig: TelegramConfig;
let bot: RunningBot;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

beforeAll(async () => {
  const cache = await isolatedCache();
  cleanup = cache.cleanup;
  searchConfig = loadConfig({
    ...process.env,
    MEMESEARCH_CACHE_DIR: cache.dir,
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_URL: '',
    DATABASE_URL: '',
    RANKING_REFRESH_MS: '3600000',
  });
  search = await startServer(searchConfig);
  fake = await FakeTelegram.start(TOKEN);
  botConfig = loadTelegramConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    SEARCH_ADDRESS: `127.0.0.1:${search.port}`,
    SEARCH_DEADLINE_MS: '15000',
    TELEGRAM_RATE_BURST: '4',
    TELEGRAM_RATE_PER_MINUTE: '6',
    SHUTDOWN_GRACE_MS: '2000',
  });
  bot = await startTelegramBot(botConfig, log);
  await fake.waitFor('getUpdates');
});

afterAll(async () => {
  await bot?.stop('test over');
  await fake?.close();
  await search?.stop();
  cleanup?.();
});

let nextUser = 100;
const newUser = () => nextUser++;

/** Sends an update and waits for `count` bot messages to that chat. */
async function exchange(update: Record<string, unknown>, chatId: number, count = 1, method = 'sendMessage'): Promise<RecordedCall[]> {
  const since = fake.calls.length;
  fake.push(update);
  return fake.waitFor(method, { since, count, where: (b) => b.chat_id === chatId });
}

/** Meme ids under the result messages (from their 👍 buttons: "vl=" + 22-char query id + meme id). */
function memeIdsOf(calls: RecordedCall[]): string[] {
  return calls.map((c) => {
    const markup = c.body.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    const like = markup.inline_keyboard.flat().find((b) => b.callback_data.startsWith('vl'))!;
    return like.callback_data.slice(2 + 23);
  });
}

/** The message a call sent, as the fake holds it now (with its current keyboard). */
function sent(call: RecordedCall): Record<string, unknown> {
  const result = call.result as { chat: { id: number }; message_id: number };
  return fake.message(result.chat.id, result.message_id)!;
}

describe('Telegram bot', () => {
  it('greets in Russian on /start, with examples and how inline mode works', async () => {
    const u = newUser();
    const [reply] = await exchange(command(u, '/start'), u);
    const text = String(reply!.body.text);
    expect(text).toContain('Привет');
    expect(text).toContain('Например');
    expect(text).toContain(`@${FAKE_BOT.username}`);
    expect(reply!.body.parse_mode).toBe('HTML');
  });

  it('answers a situation with memes that fit, each with a link and 👍/👎', async () => {
    const u = newUser();
    const replies = await exchange(textMessage(u, EXAM), u, 3);
    const ids = memeIdsOf(replies);
    expect(ids.some((id) => STUDY_MEMES.includes(id))).toBe(true);
    for (const r of replies) {
      expect(r.body.parse_mode).toBe('HTML');
      const preview = r.body.link_preview_options as { url?: string; is_disabled?: boolean };
      if (preview.url) expect(String(r.body.text)).toContain(preview.url);
    }
    // The memepedia link of a study meme is in the reply itself (asserted by link).
    const studyLink = new RegExp(`https://memepedia\\.ru/(${STUDY_MEMES.join('|')})/`);
    expect(replies.map((r) => String(r.body.text)).join('\n')).toMatch(studyLink);
    // «Ещё» under the last result only.
    const moreButtons = replies.map((r) => JSON.stringify(r.body.reply_markup).includes('Ещё'));
    expect(moreButtons).toEqual([false, false, true]);
  });

  it('keeps one reaction per press sequence: 👍 then 👎 stores the DISLIKE, 👎 again clears it', async () => {
    const u = newUser();
    const query = 'дедлайн завтра, а я ещё не начинал';
    const [first] = await exchange(textMessage(u, query), u, 3);
    const memeId = memeIdsOf([first!])[0]!;
    const buttons = () =>
      (sent(first!).reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard[0]!;

    const press = async (which: 0 | 1) => {
      const since = fake.calls.length;
      fake.push(buttonPress(u, sent(first!), buttons()[which]!.callback_data));
      const [answer] = await fake.waitFor('answerCallbackQuery', { since });
      await fake.waitFor('editMessageReplyMarkup', { since });
      return String(answer!.body.text);
    };
    expect(await press(0)).toContain('👍');
    expect(buttons().map((b) => b.text)).toEqual(['👍 ✓', '👎']);
    expect(await press(1)).toContain('👎');
    expect(buttons().map((b) => b.text)).toEqual(['👍', '👎 ✓']);

    await search.feedback.buffer.flush(); // the query text arrives with the impressions
    const rows = (await search.feedback.store.labelledRows()).filter((r) => r.memeId === memeId && r.query === query);
    expect(rows).toEqual([{ query, memeId, label: 'dislike' }]);

    expect(await press(1)).toContain('снята');
    expect(buttons().map((b) => b.text)).toEqual(['👍', '👎']);
    const after = (await search.feedback.store.labelledRows()).filter((r) => r.memeId === memeId && r.query === query);
    expect(after).toEqual([]);
  });

  it('pages with «Ещё» to the next results of the same query', async () => {
    const u = newUser();
    const page1 = await exchange(textMessage(u, 'опять понедельник, не хочу на работу'), u, 3);
    const last = page1[2]!;
    const more = (last.body.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[1]![0]!;
    const since = fake.calls.length;
    fake.push(buttonPress(u, sent(last), more.callback_data));
    const page2 = await fake.waitFor('sendMessage', { since, count: 3, where: (b) => b.chat_id === u });
    expect(fake.callsOf('answerCallbackQuery', since)).toHaveLength(1);
    const ids1 = memeIdsOf(page1);
    const ids2 = memeIdsOf(page2);
    expect(ids2).toHaveLength(3);
    for (const id of ids2) expect(ids1).not.toContain(id);
    // «Ещё» moved to the new page.
    expect(JSON.stringify(sent(last).reply_markup)).not.toContain('Ещё');
    expect(JSON.stringify(page2[2]!.body.reply_markup)).toContain('Ещё');
  });

  it('answers inline queries with results and stores the chosen one as CHOSEN', async () => {
    const u = newUser();
    const since = fake.calls.length;
    fake.push(inlineQuery(u, `${EXAM} ${'очень '.repeat(60)}`)); // over Telegram's 256 characters
    const [answer] = await fake.waitFor('answerInlineQuery', { since });
    const results = answer!.body.results as Array<{
      type: string;
      id: string;
      title: string;
      input_message_content?: { message_text: string };
    }>;
    expect(results.length).toBeGreaterThan(0);
    expect(answer!.body.cache_time).toBe(300);
    for (const r of results) {
      expect(r.type).toBe('article'); // the built-in corpus has no pictures
      expect(Buffer.byteLength(r.id)).toBeLessThanOrEqual(64);
      expect(r.input_message_content!.message_text).toContain(r.title.slice(0, 10));
    }
    const chosen = results[0]!;
    const memeId = chosen.id.slice(23);
    const before = (await search.feedback.store.memeCounts()).find((c) => c.memeId === memeId)?.chosen ?? 0;
    fake.push(chosenInlineResult(u, chosen.id, EXAM));
    await expect
      .poll(async () => (await search.feedback.store.memeCounts()).find((c) => c.memeId === memeId)?.chosen ?? 0, { timeout: 10_000 })
      .toBe(before + 1);
  });

  it('helps with empty or meaningless input instead of staying silent', async () => {
    const u = newUser();
    const [q] = await exchange(textMessage(u, '????'), u);
    expect(String(q!.body.text)).toContain('Опишите ситуацию');
    const [s] = await exchange(sticker(u), u);
    expect(String(s!.body.text)).toContain('стикеры');
    const [e] = await exchange(command(u, '/search'), u);
    expect(String(e!.body.text)).toContain('/search');
  });

  it('in a group answers only mentions and commands', async () => {
    const u = newUser();
    const group = -1_000_000_000_000 - u;
    const since = fake.calls.length;
    fake.push(textMessage(u, 'всем привет, как дела?', { chatId: group }));
    const mention = textMessage(u, `@${FAKE_BOT.username} опять понедельник`, {
      chatId: group,
      entities: [{ type: 'mention', offset: 0, length: FAKE_BOT.username.length + 1 }],
    });
    fake.push(mention);
    const replies = await fake.waitFor('sendMessage', { since, count: 3, where: (b) => b.chat_id === group });
    // The first result replies to the mention; the chatter before it (same chat, handled in
    // order) got nothing.
    const replyTo = (replies[0]!.body.reply_parameters as { message_id: number }).message_id;
    expect(replyTo).toBe((mention.message as { message_id: number }).message_id);
    expect(fake.callsOf('sendMessage', since, (b) => b.chat_id === group)).toHaveLength(3);
    // A /search command in the group works too.
    const [cmd] = await exchange(command(u, '/search опять понедельник', { chatId: group }), group, 3);
    expect(JSON.stringify(cmd!.body.reply_markup)).toContain('👍');
  });

  it('limits each user with a token bucket and says so once, kindly', async () => {
    const u = newUser();
    const since = fake.calls.length;
    for (let i = 0; i < 7; i++) fake.push(textMessage(u, `котик номер ${i}`));
    // 4 searches × 3 results + 1 friendly refusal; the rest are dropped silently.
    await fake.waitFor('sendMessage', { since, count: 13, where: (b) => b.chat_id === u });
    await new Promise((r) => setTimeout(r, 300));
    const refusals = fake.callsOf('sendMessage', since, (b) => b.chat_id === u && String(b.text).includes('Не так быстро'));
    expect(refusals).toHaveLength(1);
    expect(fake.callsOf('sendMessage', since, (b) => b.chat_id === u)).toHaveLength(13);
  });

  it('honours a 429 retry_after from Telegram', async () => {
    const u = newUser();
    fake.failOnce('sendMessage', 1);
    const since = fake.calls.length;
    fake.push(command(u, '/help'));
    const [reply] = await fake.waitFor('sendMessage', { since, where: (b) => b.chat_id === u });
    const refused = fake.calls.slice(since).find((c) => c.method === 'sendMessage' && c.status === 429)!;
    expect(refused).toBeDefined();
    expect(reply!.at - refused.at).toBeGreaterThanOrEqual(1000);
    expect(String(reply!.body.text)).toContain('Инлайн-режим');
  });

  it('tells users when the search service is down and recovers by itself when it is back', async () => {
    const port = search.port;
    await search.stop();
    const u = newUser();
    const [down] = await exchange(textMessage(u, EXAM), u);
    expect(String(down!.body.text)).toContain('Поиск мемов сейчас недоступен');

    search = await startServer({ ...searchConfig, GRPC_PORT: port });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = newUser();
      const [reply] = await exchange(textMessage(v, EXAM), v);
      if (JSON.stringify(reply!.body.reply_markup ?? {}).includes('👍')) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  it('in webhook mode rejects requests without the secret and handles those with it', async () => {
    const secret = 'test-webhook-secret-0123456789';
    const hook = await startTelegramBot(
      loadTelegramConfig({
        ...Object.fromEntries(Object.entries(botConfig).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))),
        TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/telegram/hook',
        TELEGRAM_WEBHOOK_SECRET: secret,
        TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
        TELEGRAM_WEBHOOK_PORT: '0',
      }),
      log,
    );
    try {
      const [set] = await fake.waitFor('setWebhook', { where: (b) => b.secret_token === secret });
      expect(set!.body.url).toBe('https://bot.example.test/telegram/hook');
      const u = newUser();
      const post = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${hook.webhookPort}/telegram/hook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ update_id: 900_000 + u, ...command(u, '/start') }),
        });
      expect((await post({})).status).toBe(403);
      expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong-secret-0123456789' })).status).toBe(403);
      expect(fake.callsOf('sendMessage', 0, (b) => b.chat_id === u)).toHaveLength(0);
      const since = fake.calls.length;
      expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
      const [reply] = await fake.waitFor('sendMessage', { since, where: (b) => b.chat_id === u });
      expect(String(reply!.body.text)).toContain('Привет');
    } finally {
      await hook.stop('test over');
    }
  });
});
