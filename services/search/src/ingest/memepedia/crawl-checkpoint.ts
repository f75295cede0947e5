import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { FileFormatError, UserError } from '../../errors.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

const ListItemSchema = z.object({
  url: z.string(),
  title: z.string().nullable(),
  date: z.string().nullable(),
  views: z.number().nullable(),
});

/** A page whose outcome is final: written to the output, or skipped for a reason that will not pass. */
const DoneSchema = z.object({
  at: z.string(),
  outcome: z.enum(['written', 'skipped']),
  /** The meme's id, for "written": checked against the output file on resume. */
  id: z.string().optional(),
  reason: z.string().optional(),
});

/**
 * Everything a crawl needs to resume after a crash without fetching a finished page again: where
 * the walk over the listing stands and the fate of every page. Saved atomically after each page.
 */
export const CheckpointSchema = z.object({
  version: z.literal(1),
  baseUrl: z.string(),
  /** The walk over the listing in progress; null between walks. */
  pass: z
    .object({
      startedAt: z.string(),
      /** The listing page to read next; null once the last one is read. */
      nextListUrl: z.string().nullable(),
      listPages: z.array(z.string()),
      /** Memes of the current listing page still to fetch, in order. */
      pending: z.array(ListItemSchema),
    })
    .nullable(),
  /** When a walk last covered the whole listing: later walks may stop at the first page with nothing new. */
  lastFullPassAt: z.string().nullable(),
  done: z.record(z.string(), DoneSchema),
  /** Pages that failed for passing reasons (network, 5xx after retries): tried again by the next walk. */
  retryLater: z.array(ListItemSchema),
});

export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type PendingItem = z.infer<typeof ListItemSchema>;

export function newCheckpoint(baseUrl: string): Checkpoint {
  return { version: 1, baseUrl, pass: null, lastFullPassAt: null, done: {}, retryLater: [] };
}

export async function loadCheckpoint(path: string): Promise<Checkpoint | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`cannot read the checkpoint ${path}: ${(err as Error).message}`);
  }
  const hint = 'delete it to start the crawl over (the output file keeps what was fetched)';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FileFormatError(path, undefined, `the checkpoint is not valid JSON (${(err as Error).message}); ${hint}`);
  }
  const parsed = CheckpointSchema.safeParse(value);
  if (!parsed.success) {
    const what = parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; ');
    throw new FileFormatError(path, undefined, `not a memepedia crawl checkpoint (${what}); ${hint}`);
  }
  return parsed.data;
}

export function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(checkpoint)}\n`);
}
