import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** As FEEDBACK_HASH_SECRET requires: shorter keys make guessing ids through the hash practical. */
const MIN_SECRET_LENGTH = 16;

/**
 * Platform user ids are stored only as HMAC-SHA256(secret, platform, userRef), hex: stable per
 * user (so "one reaction per user" holds) and, being keyed, not recoverable by hashing guessed ids
 * without the secret. The platform is length-prefixed so no (platform, id) pair can collide with
 * another by moving a separator. Changing the secret changes every hash (votes start afresh).
 */
export function hashUserRef(secret: string, platform: string, userRef: string): string {
  return createHmac('sha256', secret).update(`${platform.length}:${platform}:${userRef}`, 'utf8').digest('hex');
}

/**
 * The embedded default's secret: 32 random bytes (hex) created on first use with file mode 0600,
 * then reused. Created atomically (written aside, then hard-linked into place), so a crash or a
 * second process starting at the same moment can never leave an empty or different secret.
 */
export async function loadOrCreateSecret(path: string): Promise<string> {
  const existing = await readSecret(path);
  if (existing !== undefined) return existing;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  try {
    await link(tmp, path); // fails with EEXIST if another process won the race: use theirs
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  const secret = await readSecret(path);
  if (secret === undefined) throw new Error(`${path} vanished while it was being created`);
  return secret;
}

async function readSecret(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const secret = text.trim();
  // Never hash with an empty or truncated key; replacing the file would change every user's hash.
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${path} holds no usable secret (${secret.length} characters, at least ${MIN_SECRET_LENGTH} needed); restore it or delete it`,
    );
  }
  return secret;
}
