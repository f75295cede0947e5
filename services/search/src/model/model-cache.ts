import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ModelSpec } from './manifest.js';

/** What `model fetch` records beside the files: where they came from and their hashes. */
export const FetchRecordSchema = z.object({
  modelId: z.string(),
  source: z.string(),
  precision: z.string(),
  sha256: z.object({ model: z.string(), tokenizer: z.string() }),
  fetchedAt: z.string(),
});
export type FetchRecord = z.infer<typeof FetchRecordSchema>;

export const RECORD_FILE = 'source.json';

export function modelDir(cacheDir: string, spec: ModelSpec): string {
  return join(cacheDir, 'models', spec.id);
}

export function modelFiles(dir: string, spec: ModelSpec) {
  return {
    model: join(dir, spec.files.model),
    tokenizer: join(dir, spec.files.tokenizer),
    extra: (spec.files.extra ?? []).map((f) => join(dir, f)),
    record: join(dir, RECORD_FILE),
  };
}

/** The fetch record if every file is present, else undefined. Hashes are checked by the fetcher. */
export async function readFetchRecord(dir: string, spec: ModelSpec): Promise<FetchRecord | undefined> {
  const files = modelFiles(dir, spec);
  if (![files.model, files.tokenizer, files.record, ...files.extra].every((f) => existsSync(f))) return undefined;
  const parsed = FetchRecordSchema.safeParse(JSON.parse(await readFile(files.record, 'utf8')));
  return parsed.success && parsed.data.modelId === spec.id ? parsed.data : undefined;
}

export async function writeFetchRecord(dir: string, record: FetchRecord): Promise<void> {
  await writeFile(join(dir, RECORD_FILE), JSON.stringify(record, null, 2) + '\n');
}
