import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { UserError } from '../errors.js';
import {
  currentVersion,
  pointCurrentAt,
  readArtifact,
  readMeta,
  versionDir,
  type IndexMeta,
  type ModelIdentity,
} from '../index/index-artifact.js';

export interface VersionEntry {
  version: string;
  dir: string;
  /** Absent when meta.json cannot be read; `problem` says why. */
  meta?: IndexMeta;
  problem?: string;
  current: boolean;
}

/**
 * The versions of one corpus' index, newest first (unreadable ones last). Directories that are not
 * version names (a build's `.tmp-…` in progress) are not versions.
 */
export async function listVersions(root: string): Promise<{ current: string | undefined; versions: VersionEntry[] }> {
  if (!existsSync(root)) return { current: undefined, versions: [] };
  const current = await currentVersion(root);
  const entries = await readdir(root, { withFileTypes: true });
  const versions: VersionEntry[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !isVersionName(root, e.name)) continue;
    const dir = versionDir(root, e.name);
    const entry: VersionEntry = { version: e.name, dir, current: e.name === current };
    await readMeta(dir).then(
      (meta) => (entry.meta = meta),
      (err: unknown) => (entry.problem = (err as Error).message),
    );
    versions.push(entry);
  }
  const key = (v: VersionEntry) => v.meta?.builtAt ?? '';
  versions.sort((a, b) => key(b).localeCompare(key(a)) || b.version.localeCompare(a.version));
  return { current, versions };
}

/**
 * Points CURRENT at an existing version after verifying it as a service would on reload (same
 * checks, same model identity), so a rollback never points replicas at something they refuse.
 */
export async function activateVersion(
  root: string,
  version: string,
  identity: ModelIdentity,
): Promise<{ previous: string | undefined; meta: IndexMeta }> {
  const dir = versionDir(root, version);
  if (!existsSync(dir)) {
    throw new UserError(`index version ${version} does not exist in ${root}`, 'list the versions: `npx memesearch index list`');
  }
  const { meta } = await readArtifact(dir, identity);
  const previous = await currentVersion(root);
  await pointCurrentAt(root, version);
  return { previous, meta };
}

/**
 * Deletes all but the `keep` newest versions; CURRENT is never deleted. Replicas that serve a deleted
 * version keep serving it from memory, but can no longer roll back to it.
 */
export async function pruneVersions(root: string, keep: number): Promise<string[]> {
  const { versions } = await listVersions(root);
  const doomed = versions.slice(keep).filter((v) => !v.current);
  for (const v of doomed) await rm(v.dir, { recursive: true, force: true });
  return doomed.map((v) => v.version);
}

function isVersionName(root: string, name: string): boolean {
  try {
    versionDir(root, name);
    return true;
  } catch {
    return false;
  }
}
