import { setTimeout as sleep } from 'node:timers/promises';
import type { Telegram } from 'telegraf';
import type { Logger } from '../logging/logger.js';

const patched = new WeakSet<Telegram>();

/** Seconds Telegram asked us to wait (a 429 "Too Many Requests"), if that is what `err` is. */
export function retryAfterSeconds(err: unknown): number | undefined {
  const e = err as { code?: unknown; parameters?: { retry_after?: unknown } };
  if (e?.code !== 429) return undefined;
  const s = e.parameters?.retry_after;
  return typeof s === 'number' && s >= 0 ? s : 1;
}

/**
 * Makes every Bot API call of `telegram` honour 429 `retry_after`: wait as told, then try again
 * (up to `attempts` times, never waiting longer than `maxWaitS` at once). getUpdates is left to
 * telegraf's polling loop, which already does this.
 */
export function honourRetryAfter(telegram: Telegram, log: Logger, { attempts = 3, maxWaitS = 30 } = {}): void {
  if (patched.has(telegram)) return;
  patched.add(telegram);
  const call = telegram.callApi.bind(telegram);
  const retrying = async (...args: Parameters<typeof call>) => {
    const [method, , options] = args;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(...args);
      } catch (err) {
        const wait = retryAfterSeconds(err);
        if (method === 'getUpdates' || wait === undefined || wait > maxWaitS || attempt >= attempts) throw err;
        log.warn({ method, retryAfterS: wait, attempt }, 'Telegram asked to slow down (429); retrying after the wait it gave');
        await sleep(wait * 1000, undefined, { signal: options?.signal as AbortSignal | undefined });
      }
    }
  };
  telegram.callApi = retrying as typeof telegram.callApi;
}
