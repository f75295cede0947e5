import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { IndexMismatchError, InvalidInputError, UserError } from '../errors.js';
import { MemeSchema, type Meme } from '../corpus/meme.js';
import { sha256File } from '../util/sha256.js';
import { FaissIndex } from './faiss.index.js';
import { corpusJsonl } from '../corpus/corpus-jsonl.js';
import { writeFileAtomic } from '../util/atomic-write.js';

// Checksums (meta.files) were added without a format bump: the field is optional, so artifacts
// written before it still load, and older readers ignore it.
export const FORMAT_VERSION = 1;

/** A file of a version directory, named in meta.json (never a path: it is joined to the dir). */
const FileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a plain file name');
const FileRecordSchema = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() });

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
  /** sha256 and size of every other file of the version, recorded on write, checked on load. */
  files: z.record(FileName, FileRecordSchema).optional(),
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
const REBUILD = 'rebuild it with `npx memesearch index build`, or activate another version (`npx memesearch index list`)';

/** An artifact whose files are damaged or disagree with each other: it must not be served. */
export class IndexCorruptError extends UserError {
  override readonly name = 'IndexCorruptError';
  constructor(message: string) {
    super(message, REBUILD);
  }
}

/** Version names come from operators and RPCs: they must name a directory under root, nothing else. */
const VERSION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function versionDir(root: string, version: string): string {
  if (!VERSION_NAME.test(version)) {
    throw new InvalidInputError(`"${version.slice(0, 200)}" is not an index version name (letters, digits, ".", "_", "-")`);
  }
  return join(root, version);
}

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
  await writeFile(join(tmp, FILES.memes), corpusJsonl(memes));
  const files: Record<string, z.infer<typeof FileRecordSchema>> = {};
  for (const name of [FILES.index, FILES.memes]) files[name] = await fileRecord(join(tmp, name));
  await writeFile(join(tmp, FILES.meta), JSON.stringify({ ...meta, files }, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  await pointCurrentAt(root, meta.version);
  return dir;
}

/** Points <root>/CURRENT at a version (a rename: readers see the old pointer or the new one). */
export async function pointCurrentAt(root: string, version: string): Promise<void> {
  await writeFileAtomic(join(root, 'CURRENT'), version + '\n');
}

async function fileRecord(path: string): Promise<z.infer<typeof FileRecordSchema>> {
  return { sha256: await sha256File(path), bytes: (await stat(path)).size };
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
    throw new IndexCorruptError(`index artifact ${dir}: meta.json is unreadable (${(err as Error).message})`);
  }
  const parsed = IndexMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IndexCorruptError(`index artifact ${dir} has a bad meta.json (${issue?.path.join('.') || 'record'}: ${issue?.message})`);
  }
  return parsed.data;
}

/**
 * Loads and verifies one version directory: the only way an artifact gets into memory (at start and
 * on hot reload), so everything served has passed the same checks: meta.json parses, the model
 * identity matches, each meme line parses, the faiss index, meme list and meta agree on count and
 * dimension, and every recorded checksum matches (last: it catches what parses but was altered).
 * A new per-version file = one more step here and its name in writeArtifact's checksummed list.
 */
export async function readArtifact(dir: string, expect: ModelIdentity): Promise<IndexArtifact> {
  const meta = await readMeta(dir);
  // Responses and metrics name the version from meta.json: it must be the directory asked for.
  if (meta.version !== basename(dir)) {
    throw new IndexCorruptError(`index artifact ${dir}: meta.json names version ${meta.version} (a copied or renamed directory?)`);
  }
  checkCompatible(meta, expect, dir);
  const memes = await readMemes(dir);
  const index = await readFaiss(dir, meta);
  if (index.size !== meta.count || memes.length !== meta.count || index.dimension !== meta.dimension) {
    throw new IndexCorruptError(
      `index artifact ${dir} is inconsistent: meta.json says ${meta.count}×${meta.dimension}, ${FILES.index} has ${index.size}×${index.dimension}, ${FILES.memes} has ${memes.length} memes`,
    );
  }
  await verifyChecksums(dir, meta);
  return { dir, meta, memes, index };
}

/** Silent corruption: a flipped byte that still parses, a file swapped for another version's. */
async function verifyChecksums(dir: string, meta: IndexMeta): Promise<void> {
  if (!meta.files) return; // written before checksums existed: the structural checks still run
  for (const required of [FILES.index, FILES.memes]) {
    if (!meta.files[required]) throw new IndexCorruptError(`index artifact ${dir}: meta.json records no checksum for ${required}`);
  }
  for (const [name, want] of Object.entries(meta.files)) {
    const path = join(dir, name);
    const got = await fileRecord(path).catch((err: unknown) => {
      throw new IndexCorruptError(`index artifact ${dir}: cannot read ${name} (${(err as Error).message})`);
    });
    if (got.bytes !== want.bytes || got.sha256 !== want.sha256) {
      throw new IndexCorruptError(
        `index artifact ${dir}: ${name} does not match its checksum in meta.json (${got.bytes} bytes, sha256 ${got.sha256.slice(0, 12)}…; recorded ${want.bytes} bytes, ${want.sha256.slice(0, 12)}…)`,
      );
    }
  }
}

async function readMemes(dir: string): Promise<Meme[]> {
  let text: string;
  try {
    text = await readFile(join(dir, FILES.memes), 'utf8');
  } catch (err) {
    throw new IndexCorruptError(`index artifact ${dir}: cannot read ${FILES.memes} (${(err as Error).message})`);
  }
  const memes: Meme[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new IndexCorruptError(`index artifact ${dir}: ${FILES.memes} line ${i + 1} is not valid JSON (${(err as Error).message})`);
    }
    const parsed = MemeSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IndexCorruptError(
        `index artifact ${dir}: ${FILES.memes} line ${i + 1} is not a meme (${issue?.path.join('.') || 'record'}: ${issue?.message})`,
      );
    }
    memes.push(parsed.data);
  });
  return memes;
}

// An IndexFlatIP file is a 37-byte header (fourcc, d, ntotal, two dummies, is_trained, metric),
// the codes' length (8 bytes) and ntotal × d float32 codes. Checking the size first keeps a damaged
// header (in artifacts without checksums) from making faiss allocate whatever it claims.
const flatIndexBytes = (count: number, dimension: number) => 45 + count * dimension * 4;

async function readFaiss(dir: string, meta: IndexMeta): Promise<FaissIndex> {
  const path = join(dir, FILES.index);
  const bytes = await stat(path).then(
    (s) => s.size,
    (err: unknown) => {
      throw new IndexCorruptError(`index artifact ${dir}: cannot read ${FILES.index} (${(err as Error).message})`);
    },
  );
  const expected = flatIndexBytes(meta.count, meta.dimension);
  if (bytes !== expected) {
    throw new IndexCorruptError(
      `index artifact ${dir}: cannot read ${FILES.index}: it has ${bytes} bytes, an ${meta.faiss} of ${meta.count}×${meta.dimension} has ${expected} (truncated, or not this index)`,
    );
  }
  try {
    return FaissIndex.read(path);
  } catch (err) {
    throw new IndexCorruptError(`index artifact ${dir}: cannot read ${FILES.index} (${(err as Error).message.split('\n')[0]})`);
  }
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
