import { describe, expect, it, vi } from 'vitest';
import { addressedText, prepareQuery } from '../adapters/telegram/src/bot/addressing.js';
import { meaningLine, renderMeme } from '../adapters/telegram/src/bot/format-result.js';
import { resultKeyboard, shownVote, withVote, withoutMore } from '../adapters/telegram/src/bot/keyboards.js';
import { HandlerTimeoutError, UpdateRunner } from '../adapters/telegram/src/bot/update-runner.js';
import { TELEGRAM_ENV_KEYS, loadTelegramConfig } from '../adapters/telegram/src/config/env.js';
import { scrubber } from '../adapters/telegram/src/logging/logger.js';
import { toSearchFailure } from '../adapters/telegram/src/search/search.gateway.js';
import { ResultRefCodec } from '../adapters/telegram/src/state/result-ref.codec.js';
import { TokenBucketLimiter } from '../adapters/kit/src/token-bucket.limiter.js';

/** The Telegram adapter's pure parts: no network, no model. */
const TOKEN = '123456789:AAFakeTokenForTests_abcdefghijklmnop';
const QUERY_ID = '0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b';

describe('ResultRefCodec', () => {
  it('packs query id + meme id into Telegram’s 64 bytes, self-contained when it fits', () => {
    const codec = new ResultRefCodec(10);
    const ref = codec.encode({ queryId: QUERY_ID, memeId: 'pacan-k-uspexu-shyol' }, 62);
    expect(ref.startsWith('=')).toBe(true);
    expect(Buffer.byteLength(ref)).toBeLessThanOrEqual(62);
    expect(new ResultRefCodec(10).decode(ref)).toEqual({ queryId: QUERY_ID, memeId: 'pacan-k-uspexu-shyol' });
  });

  it('keeps a long meme id in the bounded store under a short key', () => {
    const codec = new ResultRefCodec(2);
    const memeId = 'очень-длинный-идентификатор-мема-из-чужого-корпуса';
    const ref = codec.encode({ queryId: QUERY_ID, memeId }, 62);
    expect(ref.startsWith('#')).toBe(true);
    expect(Buffer.byteLength(ref)).toBeLessThan(20);
    expect(codec.decode(ref)).toEqual({ queryId: QUERY_ID, memeId });
    codec.encode({ queryId: 'not-a-uuid', memeId: 'a' }, 62);
    codec.encode({ queryId: 'not-a-uuid', memeId: 'b' }, 62);
    expect(codec.decode(ref)).toBeUndefined(); // evicted: the button says it is stale
    expect(codec.decode('garbage')).toBeUndefined();
  });
});

describe('TokenBucketLimiter', () => {
  it('allows a burst, refuses politely once, refills with time', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(2, 6, 100, () => now); // 1 token per 10 s
    expect(limiter.take('u').ok).toBe(true);
    expect(limiter.take('u').ok).toBe(true);
    const refused = limiter.take('u');
    expect(refused).toEqual({ ok: false, retryAfterMs: 10_000, firstRefusal: true });
    expect(limiter.take('u')).toMatchObject({ ok: false, firstRefusal: false });
    expect(limiter.take('other').ok).toBe(true);
    now += 10_000;
    expect(limiter.take('u').ok).toBe(true);
    expect(limiter.take('u', 0.5)).toMatchObject({ ok: false, firstRefusal: true });
  });
});

describe('queries from messages', () => {
  const bot = { id: 42, username: 'memesearch_test_bot' };
  const msg = (text: string, extra: object = {}) =>
    ({ message_id: 1, date: 0, chat: { id: -1, type: 'group', title: 'g' }, text, ...extra }) as never;

  it('turns empty and meaningless input away and cuts long input at a word', () => {
    expect(prepareQuery('????')).toEqual({ ok: false });
    expect(prepareQuery('  \n ')).toEqual({ ok: false });
    expect(prepareQuery('😂😂😂')).toEqual({ ok: false });
    expect(prepareQuery('  опять\n\nпонедельник ')).toEqual({ ok: true, query: 'опять понедельник', trimmed: false });
    const long = prepareQuery('слово '.repeat(300));
    expect(long.ok && long.trimmed && [...long.query].length <= 1000 && !long.query.endsWith(' ')).toBe(true);
  });

  it('in groups takes only mentions of this bot and replies to it', () => {
    expect(addressedText(msg('просто болтаем'), bot, false)).toBeUndefined();
    const mention = msg('@MemeSearch_Test_Bot опять понедельник', { entities: [{ type: 'mention', offset: 0, length: 20 }] });
    expect(addressedText(mention, bot, false)?.trim()).toBe('опять понедельник');
    const other = msg('@other_bot опять понедельник', { entities: [{ type: 'mention', offset: 0, length: 10 }] });
    expect(addressedText(other, bot, false)).toBeUndefined();
    expect(addressedText(msg('ещё', { reply_to_message: { from: { id: 42 } } }), bot, false)).toBe('ещё');
    expect(addressedText(msg('в личке всё'), bot, true)).toBe('в личке всё');
  });
});

describe('result messages', () => {
  const meme = {
    id: 'zhdun',
    title: 'Ждун <3',
    description:
      'Серое существо с телом тюленя. Это скульптура, которая стала символом ожидания. Мем ставят, когда ждут ответа или зарплаты.',
    source_url: 'https://memepedia.ru/zhdun/',
    image_url: '',
    tags: [],
    date: '',
    source: 'builtin',
  };

  it('is a text message previewing the memepedia link, or a photo when there is a picture', () => {
    const text = renderMeme(meme);
    expect(text).toMatchObject({ kind: 'text', linkUrl: 'https://memepedia.ru/zhdun/' });
    expect(text.kind === 'text' && text.text).toBe(
      '<b>Ждун &lt;3</b>\nМем ставят, когда ждут ответа или зарплаты.\n🔗 <a href="https://memepedia.ru/zhdun/">memepedia.ru/zhdun</a>',
    );
    const photo = renderMeme({ ...meme, image_url: 'https://example.org/zhdun.jpg' });
    expect(photo).toMatchObject({ kind: 'photo', photoUrl: 'https://example.org/zhdun.jpg' });
    expect(renderMeme({ ...meme, source_url: '' })).toMatchObject({ kind: 'text', linkUrl: undefined });
  });

  it('takes the meaning line from the sentence that says when the meme is used', () => {
    expect(meaningLine('Картинка с котом. Означает усталость.')).toBe('Означает усталость.');
    expect(meaningLine('Просто фраза без подсказок')).toBe('Просто фраза без подсказок');
    expect([...meaningLine('а'.repeat(500))].length).toBeLessThanOrEqual(200);
  });

  it('shows the pressed vote and moves «Ещё»', () => {
    const markup = resultKeyboard('=ref', 'key');
    expect(shownVote(markup)).toBe('none');
    const liked = withVote(markup, '=ref', 'like');
    expect(liked.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([['👍 ✓', '👎'], ['Ещё ⬇️']]);
    expect(shownVote(liked)).toBe('like');
    expect(withoutMore(liked).inline_keyboard).toHaveLength(1);
  });
});

describe('config', () => {
  it('names a bad variable without printing its value', () => {
    const bad = 'not-a-token-but-a-secret-value';
    expect(() => loadTelegramConfig({ TELEGRAM_BOT_TOKEN: bad })).toThrow(/TELEGRAM_BOT_TOKEN/);
    try {
      loadTelegramConfig({ TELEGRAM_BOT_TOKEN: bad });
    } catch (err) {
      expect((err as Error).message).not.toContain(bad);
    }
    expect(() => loadTelegramConfig({})).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => loadTelegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://x.example/hook' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET: is required/,
    );
  });

  it('has working defaults', () => {
    const c = loadTelegramConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_RESULTS: '' });
    expect(c).toMatchObject({
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      SEARCH_ADDRESS: '127.0.0.1:50051',
      TELEGRAM_RESULTS: 3,
    });
    expect(c.TELEGRAM_WEBHOOK_URL).toBeUndefined();
    expect(TELEGRAM_ENV_KEYS).toEqual(
      expect.arrayContaining(['TELEGRAM_BOT_TOKEN', 'SEARCH_ADDRESS', 'TELEGRAM_WEBHOOK_SECRET', 'LOG_LEVEL']),
    );
  });

  it('scrubs the token from log text', () => {
    const scrub = scrubber([TOKEN]);
    expect(scrub(`request to http://x/bot${TOKEN}/getMe failed`)).toBe('request to http://x/bot[REDACTED]/getMe failed');
    expect(scrub('token 987654321:ZZabcdefghijklmnopqrstuvwxyz012345 leaked')).toBe('token [REDACTED] leaked');
  });
});

describe('errors and the update runner', () => {
  it('maps gRPC statuses to what the user is told', () => {
    expect(toSearchFailure({ code: 14, details: 'down' }).kind).toBe('unavailable');
    expect(toSearchFailure({ code: 4, details: 'slow' }).kind).toBe('slow');
    expect(toSearchFailure({ code: 3, details: 'bad' }).kind).toBe('invalid');
    expect(toSearchFailure({ code: 5, details: 'gone' }).kind).toBe('not_found');
    expect(toSearchFailure(new Error('boom')).kind).toBe('internal');
  });

  it('runs one chat’s updates in order, others alongside, with a timeout', async () => {
    const onError = vi.fn(async () => undefined);
    const runner = new UpdateRunner({ timeoutMs: 200, maxConcurrent: 10, onError });
    const mw = runner.middleware();
    const order: string[] = [];
    const ctx = (chat: number) => ({ chat: { id: chat } }) as never;
    const step = (name: string, ms: number) => () => new Promise<void>((r) => setTimeout(() => (order.push(name), r()), ms));
    await mw(ctx(1), step('a1', 60));
    await mw(ctx(1), step('a2', 1));
    await mw(ctx(2), step('b1', 10));
    await mw(ctx(3), () => new Promise<void>(() => undefined)); // never finishes
    expect(await runner.drain(1000)).toBe(true);
    expect(order).toEqual(['b1', 'a1', 'a2']);
    expect(onError).toHaveBeenCalledTimes(1);
    expect((onError.mock.calls[0] as unknown[])[0]).toBeInstanceOf(HandlerTimeoutError);
  });
});
