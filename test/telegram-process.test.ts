import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, command } from './helpers/fake-telegram.js';

/**
 * The compiled `memesearch-telegram` process as an operator runs it (against the fake Bot API; no
 * search service is needed for these): token checks, never printing the token, SIGTERM.
 */
const BIN = fileURLToPath(new URL('../adapters/telegram/bin/memesearch-telegram.js', import.meta.url));
const TOKEN = '123456789:AAFakeTokenForTests_abcdefghijklmnop';
let fake: FakeTelegram;

beforeAll(async () => {
  fake = await FakeTelegram.start(TOKEN);
});
afterAll(async () => {
  await fake?.close();
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function run(env: NodeJS.ProcessEnv): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TELEGRAM_')));
  const child = spawn(process.execPath, [BIN], { env: { ...clean, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void exit.then(() => clearTimeout(timer));
  return { child, output: () => output, exit };
}

describe('memesearch-telegram process', () => {
  it('refuses a malformed token naming the variable, not the value (exit 2)', async () => {
    const p = run({ TELEGRAM_BOT_TOKEN: 'oops-this-is-secret' });
    expect(await p.exit).toBe(2);
    expect(p.output()).toContain('TELEGRAM_BOT_TOKEN');
    expect(p.output()).not.toContain('oops-this-is-secret');
  });

  it('refuses a token Telegram rejects (getMe 401), without printing it (exit 2)', async () => {
    const wrong = '987654321:AAThisTokenIsNotKnownToTheFake_xyz012';
    const p = run({ TELEGRAM_BOT_TOKEN: wrong, TELEGRAM_API_ROOT: fake.apiRoot });
    expect(await p.exit).toBe(2);
    expect(p.output()).toContain('rejected by Telegram');
    expect(p.output()).not.toContain(wrong);
    expect(p.output()).not.toContain(wrong.split(':')[1]);
  });

  it('serves by long polling, keeps running without the search service, and stops on SIGTERM', async () => {
    const since = fake.calls.length;
    const p = run({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, SEARCH_ADDRESS: '127.0.0.1:1' });
    await fake.waitFor('getUpdates', { since });
    const u = 555;
    fake.push(command(u, '/start'));
    await fake.waitFor('sendMessage', { since, where: (b) => b.chat_id === u });
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.output()).toContain('stopped');
    expect(p.output()).toContain('search service not reachable yet');
    expect(p.output()).not.toContain(TOKEN.split(':')[1]);
  });
});
