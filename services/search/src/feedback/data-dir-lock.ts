import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/** Lock files held by this process (a pid alone cannot tell: pid 1 in every container). */
const held = new Set<string>();
const HEARTBEAT_MS = 10_000;
const STALE_MS = 3 * HEARTBEAT_MS;

/**
 * One process per PGlite data directory. PGlite has no postmaster.pid, and two instances on one
 * directory silently lose each other's writes (seen in testing), e.g. `memesearch serve` and
 * `memesearch feedback export` at once. The lock is a file beside the directory holding pid and
 * host; its holder touches it every 10 s. A lock is stale when untouched for 30 s, or its process
 * on this host is gone; then it is taken over. Two processes taking over one stale lock in the
 * same instant can both win: accepted, a stale lock plus a simultaneous start is rare.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = `${dataDir}.lock`;
  await mkdir(dirname(path), { recursive: true });
  const me = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, me, { flag: 'wx', mode: 0o600 });
      return hold(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await liveOwner(path);
    if (owner) {
      throw new Error(
        `the embedded feedback store ${dataDir} is in use by process ${owner.pid} on ${owner.host} (memesearch serve?). ` +
          `Stop it first, or use PostgreSQL (DATABASE_URL) to share the store between processes.`,
      );
    }
    await rm(path, { force: true });
  }
  throw new Error(`could not lock ${path}`);
}

function hold(path: string): () => Promise<void> {
  held.add(path);
  const now = () => new Date();
  const beat = setInterval(() => void utimes(path, now(), now()).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  let released: Promise<void> | undefined;
  return () =>
    (released ??= (async () => {
      clearInterval(beat);
      held.delete(path);
      await rm(path, { force: true });
    })());
}

async function liveOwner(path: string): Promise<{ pid: number; host: string } | undefined> {
  if (held.has(path)) return { pid: process.pid, host: hostname() };
  const touched = await stat(path).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  if (touched === undefined || Date.now() - touched > STALE_MS) return undefined; // gone, or abandoned
  const owner = await readFile(path, 'utf8')
    .then((t) => JSON.parse(t) as { pid: number; host: string })
    // Fresh but unreadable: another process is writing it right now.
    .catch(() => ({ pid: Number.NaN, host: 'unknown' }));
  if (owner.host === hostname() && (owner.pid === process.pid || !processExists(owner.pid))) return undefined;
  return owner;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
