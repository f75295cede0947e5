import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Platform user ids are stored only as HMAC-SHA256(secret, platform:userRef): stable per user (so
 * "one reaction per user" holds), unrecoverable without the secret (no hashing of guessed ids).
 */
export function hashUserRef(secret: string, platform: string, userRef: string): string {
  return createHmac('sha256', secret).update(`${platform}:${userRef}`, 'utf8').digest('hex');
}

/** The embedded default's secret: created once (random, file mode 0600), then reused. */
export async function loadOrCreateSecret(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  // 'wx': if another process created it meanwhile, use theirs.
  await writeFile(path, secret + '\n', { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return (await readFile(path, 'utf8')).trim();
}
