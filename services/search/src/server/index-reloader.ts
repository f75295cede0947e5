import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';
import { currentVersion, readArtifact, versionDir, type IndexArtifact, type ModelIdentity } from '../index/index-artifact.js';
import type { Logger } from '../logging/logger.js';
import type { SearchCore } from '../search/search-core.js';
import type { ServedIndex } from '../search/served-index.js';

export type ReloadOutcome = 'reloaded' | 'unchanged' | 'refused';

/** Where reloads are counted and the served version is published (Prometheus in the service). */
export interface IndexObserver {
  loaded(version: string, memes: number): void;
  reload(outcome: ReloadOutcome): void;
}

export interface ReloadResult {
  version: string;
  previousVersion: string;
  memes: number;
  /** false: the version asked for was already served, nothing was loaded. */
  changed: boolean;
  loadMs: number;
}

/** A reload that did not happen; the version named in the message keeps serving. */
export class ReloadRefusedError extends UserError {
  override readonly name = 'ReloadRefusedError';
}

/**
 * Hot reload of the index one replica serves (on SIGHUP or the admin RPC). The new version is
 * loaded and fully verified beside the served one (readArtifact: checksums, counts, model identity)
 * and only then swapped in with one assignment; on any failure the old one keeps serving. Reloads
 * run one at a time: a second request waits for the first, then finds its version already served
 * (unchanged) or loads the next one.
 */
export class IndexReloader {
  private queue: Promise<unknown> = Promise.resolve();
  private loaded = new Date();
  /** The corpus' artifact root: versions are its subdirectories, CURRENT points to one. */
  readonly root: string;

  constructor(
    private readonly core: SearchCore,
    private readonly identity: ModelIdentity,
    private readonly log: Logger,
    private readonly observer: IndexObserver,
    /** Builds what ranking needs beside the vectors (lexical index, speller) before the swap. */
    private readonly prepare: (artifact: IndexArtifact) => Promise<ServedIndex>,
  ) {
    this.root = dirname(core.artifact.dir);
    observer.loaded(core.artifact.meta.version, core.artifact.meta.count);
  }

  /** When the served version was loaded. */
  get loadedAt(): Date {
    return this.loaded;
  }

  /** The version CURRENT points to now (it may be ahead of the served one until a reload). */
  currentVersion(): Promise<string | undefined> {
    return currentVersion(this.root);
  }

  /** Loads `version` (default: what CURRENT points to) and swaps it in; throws if refused. */
  async reload(version?: string): Promise<ReloadResult> {
    // A bad name is the caller's mistake (InvalidInputError), not a refused reload.
    if (version) versionDir(this.root, version);
    // Joined to the queue synchronously (before any await), so calls run in the order they came.
    const run = this.queue.then(() => this.load(version));
    this.queue = run.catch(() => {});
    return run;
  }

  private async load(requested: string | undefined): Promise<ReloadResult> {
    const started = performance.now();
    const previous = this.core.artifact.meta;
    const result = (version: string, memes: number, changed: boolean): ReloadResult => ({
      version,
      previousVersion: previous.version,
      memes,
      changed,
      loadMs: performance.now() - started,
    });
    try {
      const version = requested || (await currentVersion(this.root));
      if (!version) throw new ReloadRefusedError(`no index version to load: ${this.root}/CURRENT does not exist`);
      const dir = versionDir(this.root, version);
      if (version === previous.version) {
        this.observer.reload('unchanged');
        this.log.info({ version }, 'index reload: version already served');
        return result(version, previous.count, false);
      }
      if (!existsSync(dir)) {
        throw new ReloadRefusedError(
          `index version ${version} does not exist in ${this.root}`,
          'list the versions: `npx memesearch index list`',
        );
      }
      const next = await readArtifact(dir, this.identity);
      this.core.replace(await this.prepare(next));
      this.loaded = new Date();
      this.observer.loaded(next.meta.version, next.meta.count);
      this.observer.reload('reloaded');
      const done = result(next.meta.version, next.meta.count, true);
      this.log.info(
        { version: done.version, previous: previous.version, memes: done.memes, ms: Math.round(done.loadMs) },
        'index reloaded',
      );
      return done;
    } catch (err) {
      this.observer.reload('refused');
      const message = (err as Error).message;
      this.log.error({ err: message, requested: requested || 'CURRENT', serving: previous.version }, 'index reload refused');
      if (!(err instanceof UserError)) throw err;
      throw new ReloadRefusedError(`index reload refused, still serving ${previous.version}: ${message}`, err.hint);
    }
  }
}
