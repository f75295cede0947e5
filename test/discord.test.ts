import { pino } from 'pino';
import type { APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../adapters/discord/src/commands/register.js';
import { loadDiscordConfig } from '../adapters/discord/src/config/env.js';
import { createRest, startDiscordBot, type RunningBot } from '../adapters/discord/src/start-bot.js';
import { loadConfig } from '../services/search/src/config/env.js';
import { startServer, type RunningServer } from '../services/search/src/server/start-server.js';
import { STUDY_MEMES } from './helpers/builtin.js';
import { APP_ID, FakeDiscord, autocomplete, buttonPress, slashCommand, type RecordedCall } from './helpers/fake-discord.js';
import { isolatedCache } from './helpers/model.js';

/**
 * End to end through the Discord adapter: the real discord.js REST client against a fake Discord
 * REST API on loopback, raw interaction payloads fed to the handlers, and the real search service
 * (real model, built-in corpus, PGlite feedback store).
 */
const TOKEN = 'OTAwMDAwMDAwMDAwMDAwMDAx.GFakeT.FakeTokenForTests_abcdefghijklmnopqrs';
const EXAM = 'всю ночь не спал, готовился к экзамену, а его отменили';
type Body = { content?: string; embeds?: APIEmbed[]; components?: APIMessageTopLevelComponent[]; flags?: number };

let search: RunningServer;
let cleanup: () => void;
let fake: FakeDiscord;
let bot: RunningBot;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

function config(extra: Record<string, string> = {}) {
  return loadDiscordConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API: fake.api,
    SEARCH_ADDRESS: `127.0.0.1:${search.port}`,
    SEARCH_DEADLINE_MS: '15000',
    DISCORD_DEFER_AFTER_MS: '2500',
    SHUTDOWN_GRACE_MS: '2000',
    ...extra,
  });
}

beforeAll(async () => {
  const cache = await isolatedCache();
  cleanup = cache.cleanup;
  search = await startServer(
    loadConfig({
      ...process.env,
      MEMESEARCH_CACHE_DIR: cache.dir,
      GRPC_PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
      REDIS_URL: '',
      DATABASE_URL: '',
      RANKING_REFRESH_MS: '3600000',
    }),
  );
  fake = await FakeDiscord.start(TOKEN);
  bot = await startDiscordBot(config(), log, { gateway: false });
});

afterAll(async () => {
  await bot?.stop('test over');
  await fake?.close();
  await search?.stop();
  cleanup?.();
});

let nextUser = 100;
const newUser = () => String(nextUser++);

/** What the bot showed for an interaction: the callback's data, or the deferred answer's edit. */
function shown(since: number): { calls: RecordedCall[]; body: Body } {
  const calls = fake.calls.slice(since);
  const edit = calls.find((c) => c.method === 'PATCH');
  if (edit) return { calls, body: edit.body as Body };
  const cb = calls.find((c) => c.path.endsWith('/callback'));
  return { calls, body: ((cb?.body as { data?: Body } | undefined)?.data ?? {}) as Body };
}

type Button = { custom_id: string; style: number; label: string };
const buttons = (body: Body) => (body.components ?? []).flatMap((r) => ('components' in r ? (r.components as unknown as Button[]) : []));
const idsOf = (body: Body) => buttons(body).flatMap((b) => (b.custom_id.startsWith('vl:') ? [b.custom_id.split(':')[2]!] : []));
const buttonOf = (body: Body, prefix: string, memeId?: string) =>
  buttons(body).find((b) => 'custom_id' in b && b.custom_id.startsWith(prefix) && (!memeId || b.custom_id.endsWith(`:${memeId}`)))!;

describe('Discord bot', () => {
  it('validates the token at start: a rejected one is a ConfigError without the token in it', async () => {
    const bad = config({ DISCORD_TOKEN: 'OTAwMDAwMDAwMDAwMDAwMDAx.GWrong.WrongTokenForTests_abcdefghijklmnopqr' });
    await expect(startDiscordBot(bad, log, { gateway: false })).rejects.toThrow(/DISCORD_TOKEN was rejected/);
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: 'nope', DISCORD_APPLICATION_ID: APP_ID })).toThrow(/DISCORD_TOKEN: must look like/);
  });

  it('/meme answers with embeds linking a study meme, 👍/👎 per result and «Ещё»', async () => {
    const since = fake.calls.length;
    await bot.handle(slashCommand(newUser(), 'meme', { query: EXAM, count: 3 }));
    const { calls, body } = shown(since);
    expect(calls[0]!.path).toMatch(/^\/interactions\/\d+\/[^/]+\/callback$/);
    expect(body.embeds).toHaveLength(3);
    const links = body.embeds!.map((e) => e.url);
    expect(links.some((l) => STUDY_MEMES.some((id) => l === `https://memepedia.ru/${id}/`))).toBe(true);
    expect(body.embeds![0]!.footer!.text).toMatch(/совпадение \d\.\d\d/);
    expect(idsOf(body)).toHaveLength(3);
    expect(buttonOf(body, 'm:')).toBeDefined();
    for (const id of idsOf(body)) expect(buttonOf(body, 'vl:', id).custom_id.length).toBeLessThanOrEqual(100);
  });

  it('defers when the search outlasts the window, then edits the original response (in a DM)', async () => {
    const slow = await startDiscordBot(config({ DISCORD_DEFER_AFTER_MS: '0' }), log, { gateway: false });
    try {
      const since = fake.calls.length;
      await slow.handle(slashCommand(newUser(), 'meme', { query: EXAM }, false));
      const calls = fake.calls.slice(since);
      expect((calls[0]!.body as { type: number }).type).toBe(5);
      expect(calls[1]!.method).toBe('PATCH');
      expect(calls[1]!.path).toMatch(new RegExp(`^/webhooks/${APP_ID}/[^/]+/messages/@original$`));
      expect((calls[1]!.body as Body).embeds!.length).toBe(3);
    } finally {
      await slow.stop();
    }
  });

  it('👍 then 👎 stores exactly one reaction, the DISLIKE; pressing 👎 again clears it', async () => {
    const u = newUser();
    const query = 'дедлайн завтра, а я ещё не начинал';
    let since = fake.calls.length;
    await bot.handle(slashCommand(u, 'meme', { query }));
    let message = shown(since).body;
    const memeId = idsOf(message)[0]!;
    const press = async (prefix: 'vl:' | 'vd:') => {
      since = fake.calls.length;
      await bot.handle(
        buttonPress(u, { embeds: message.embeds ?? [], components: message.components ?? [] }, buttonOf(message, prefix, memeId).custom_id),
      );
      const cb = fake.calls[since]!.body as { type: number; data: Body };
      expect(cb.type).toBe(7);
      message = { ...message, components: cb.data.components ?? [] };
    };
    await press('vl:');
    expect(buttonOf(message, 'vl:', memeId).label).toContain('✓');
    await press('vd:');
    expect(buttonOf(message, 'vl:', memeId).label).not.toContain('✓');
    expect(buttonOf(message, 'vd:', memeId).label).toContain('✓');
    await search.feedback.buffer.flush();
    const rows = (await search.feedback.store.labelledRows()).filter((r) => r.memeId === memeId && r.query === query);
    expect(rows).toEqual([{ query, memeId, label: 'dislike' }]);
    await press('vd:');
    expect(buttonOf(message, 'vd:', memeId).label).not.toContain('✓');
    const after = (await search.feedback.store.labelledRows()).filter((r) => r.memeId === memeId && r.query === query);
    expect(after).toEqual([]);
  });

  it('«Ещё» replaces the page with the next, different results; others may not press it', async () => {
    const u = newUser();
    let since = fake.calls.length;
    await bot.handle(slashCommand(u, 'meme', { query: 'опять понедельник, не хочу на работу' }));
    const page1 = shown(since).body;
    const more = buttonOf(page1, 'm:').custom_id;
    since = fake.calls.length;
    await bot.handle(buttonPress(newUser(), { embeds: page1.embeds ?? [], components: page1.components ?? [] }, more));
    expect((fake.calls[since]!.body as { data: Body }).data.flags).toBe(64);
    since = fake.calls.length;
    await bot.handle(buttonPress(u, { embeds: page1.embeds ?? [], components: page1.components ?? [] }, more));
    const cb = fake.calls[since]!.body as { type: number; data: Body };
    expect(cb.type).toBe(7);
    const ids2 = idsOf(cb.data);
    expect(ids2).toHaveLength(3);
    for (const id of ids2) expect(idsOf(page1)).not.toContain(id);
  });

  it('/meme-name autocompletes matching titles (≤ 25) and shows the chosen meme', async () => {
    const u = newUser();
    let since = fake.calls.length;
    await bot.handle(autocomplete(u, 'meme-name', 'name', 'Ждун'));
    const cb = fake.calls[since]!.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
    expect(cb.type).toBe(8);
    expect(cb.data.choices.length).toBeGreaterThan(0);
    expect(cb.data.choices.length).toBeLessThanOrEqual(25);
    expect(cb.data.choices[0]).toEqual({ name: 'Ждун', value: 'zhdun' });
    for (const c of cb.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
    since = fake.calls.length;
    await bot.handle(slashCommand(u, 'meme-name', { name: 'zhdun' }));
    expect(shown(since).body.embeds![0]!.url).toBe('https://memepedia.ru/zhdun/');
  });

  it('registers the commands with localizations by bulk overwrite, idempotently', async () => {
    const rest = createRest(config());
    const since = fake.calls.length;
    await registerCommands(rest, APP_ID);
    await registerCommands(rest, APP_ID);
    await registerCommands(rest, APP_ID, '700000000000000001');
    const puts = fake.calls.slice(since);
    expect(puts.map((c) => `${c.method} ${c.path}`)).toEqual([
      `PUT /applications/${APP_ID}/commands`,
      `PUT /applications/${APP_ID}/commands`,
      `PUT /applications/${APP_ID}/guilds/700000000000000001/commands`,
    ]);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
    const commands = puts[0]!.body as Array<{
      name: string;
      description: string;
      description_localizations: Record<string, string>;
      options: Array<{ name: string; autocomplete?: boolean }>;
    }>;
    expect(commands.map((c) => c.name)).toEqual(['meme', 'meme-name']);
    expect(commands[0]!.description).toBe('Найти мемы по описанию ситуации');
    expect(commands[0]!.description_localizations['en-US']).toBe('Find memes that fit a situation');
    expect(commands[0]!.options.map((o) => o.name)).toEqual(['query', 'count']);
    expect(commands[1]!.options[0]!.autocomplete).toBe(true);
  });

  it('logs and drops an expired interaction (10062) without throwing', async () => {
    const i = slashCommand(newUser(), 'meme', { query: EXAM });
    fake.expire(i.id);
    const since = fake.calls.length;
    await expect(bot.handle(i)).resolves.toBeUndefined();
    expect(fake.calls.slice(since).map((c) => c.status)).toEqual([404]);
  });

  it('tells the user ephemerally when the search service is down, and keeps running', async () => {
    await search.stop();
    const since = fake.calls.length;
    await bot.handle(slashCommand(newUser(), 'meme', { query: EXAM }));
    const cb = fake.calls[since]!.body as { type: number; data: Body };
    expect(cb.type).toBe(4);
    expect(cb.data.flags).toBe(64);
    expect(cb.data.content).toContain('Поиск мемов сейчас недоступен');
  });
});
