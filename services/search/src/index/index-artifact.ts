import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IndexMismatchError, UserError } from '../errors.js';
import { MemeSchema, type Meme } from '../corpus/meme.js';
import { FaissIndex } from './faiss.index.js';

export const FORMAT_VERSION = 1;

/** Stored beside every index: what built it, so a replica never searches vectors of another model. */
export const IndexMetaSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  version: z.string(),
  modelId: z.string(),
  dimension: z.number().int().positive(),
  modelSha256: z.string(),
  corpusName: z.string(),
  corpusHash: z.string(),
  count: z.number().int().nonnegative(),
  builtAt: z.string(),
  faiss: z.literal('IndexFlatIP'),
});
export type IndexMeta = z.infer<typeof IndexMetaSchema>;

/** What the loading side checks the artifact against. */
export interface ModelIdentity {
  modelId: string;
  dimension: number;
  modelSha256: string;
}

export interface IndexArtifact {
  dir: string;
  meta: IndexMeta;
  memes: Meme[];
  index: FaissIndex;
}

const FILES = { index: 'index.faiss', memes: 'memes.jsonl', meta: 'meta.json' };

export function corpusIndexDir(cacheDir: string, corpusName: string): string {
  return join(cacheDir, 'indexes', corpusName);
}

/**
 * Writes a new versioned artifact (<root>/<version>/) and then points <root>/CURRENT at it. Both
 * steps are renames, so readers see the old version or the new one, never a half-written one.
 */
export async function writeArtifact(root: string, meta: IndexMeta, memes: readonly Meme[], index: FaissIndex): Promise<string> {
  const dir = join(root, meta.version);
  const tmp = join(root, `.tmp-${meta.version}-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  index.write(join(tmp, FILES.index));
  await writeFile(join(tmp, FILES.memes), memes.map((m) => JSON.stringify(m)).join('\n') + '\n');
  await writeFile(join(tmp, FILES.meta), JSON.stringify(meta, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  const pointer = join(root, `.CURRENT-${process.pid}`);
  await writeFile(pointer, meta.version + '\n');
  await rename(pointer, join(root, 'CURRENT'));
  return dir;
}

/** The version CURRENT points to, if any. */
export async function currentVersion(root: string): Promise<string | undefined> {
  const file = join(root, 'CURRENT');
  if (!existsSync(file)) return undefined;
  return (await readFile(file, 'utf8')).trim() || undefined;
}

export async function readMeta(dir: string): Promise<IndexMeta> {
  const file = join(dir, FILES.meta);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UserError(`index artifact ${dir} is unreadable: ${(err as Error).message}`, 'rebuild it with `npx memesearch index build`');
  }
  const parsed = IndexMetaSchema.safeParse(raw);
  if (!parsed.success)
    throw new UserError(
      `index artifact ${dir} has a bad meta.json (${parsed.error.issues[0]?.message})`,
      'rebuild it with `npx memesearch index build`',
    );
  return parsed.data;
}

/** Loads an artifact, refusing one built for another model or one whose files disagree. */
export async function readArtifact(dir: string, expect: ModelIdentity): Promise<IndexArtifact> {
  const meta = await readMeta(dir);
  checkCompatible(meta, expect, dir);
  const memes = (await readFile(join(dir, FILES.memes), 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => MemeSchema.parse(JSON.parse(l)));
  let index: FaissIndex;
  try {
    index = FaissIndex.read(join(dir, FILES.index));
  } catch (err) {
    throw new UserError(
      `index artifact ${dir}: cannot read ${FILES.index} (${(err as Error).message})`,
      'rebuild it with `npx memesearch index build`',
    );
  }
  if (index.size !== meta.count || memes.length !== meta.count || index.dimension !== meta.dimension) {
    throw new UserError(
      `index artifact ${dir} is inconsistent: meta says ${meta.count}×${meta.dimension}, index has ${index.size}×${index.dimension}, ${memes.length} memes`,
      'rebuild it with `npx memesearch index build`',
    );
  }
  return { dir, meta, memes, index };
}

export function checkCompatible(meta: IndexMeta, expect: ModelIdentity, dir: string): void {
  const hint = `rebuild it with \`npx memesearch index build\` (it was built with ${meta.modelId}, ${meta.dimension} dims)`;
  if (meta.modelId !== expect.modelId || meta.dimension !== expect.dimension) {
    throw new IndexMismatchError(
      `index ${dir} was built with model ${meta.modelId} (${meta.dimension} dims) but the encoder is ${expect.modelId} (${expect.dimension} dims)`,
      hint,
    );
  }
  if (meta.modelSha256 !== expect.modelSha256) {
    throw new IndexMismatchError(
      `index ${dir} was built with other weights of ${meta.modelId} (model sha256 ${meta.modelSha256.slice(0, 12)}…, loaded ${expect.modelSha256.slice(0, 12)}…): its vectors are not comparable`,
      hint,
    );
  }
}
