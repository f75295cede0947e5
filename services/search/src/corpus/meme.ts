import { z } from 'zod';

/**
 * One meme, whatever the corpus it came from. `id` is stable across rebuilds (a slug), so feedback
 * and eval files can refer to it; `url` (the source page) is what query files use as the label.
 */
export const MemeSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'id must be lowercase latin letters, digits, ".", "_" or "-"')
    .max(200),
  title: z.string().trim().min(1, 'title is empty').max(500),
  description: z.string().trim().min(1, 'description is empty').max(10_000),
  url: z.url().nullable().default(null),
  imageUrl: z.url().nullable().default(null),
  tags: z.array(z.string().trim().min(1)).default([]),
  /** When the meme appeared or its page was published: "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?/)
    .nullable()
    .default(null),
  source: z.string().min(1).default('custom'),
  /** How many times the source page was viewed, where the source shows it (memepedia does). */
  views: z.number().int().nonnegative().nullable().default(null),
});

export type Meme = z.infer<typeof MemeSchema>;

/** Why a row did not make it into the corpus (reported by loaders, never silent). */
export interface Dropped {
  row: number;
  reason: string;
  title?: string;
}

export interface Corpus {
  /** Short name used for index artifacts: "builtin" or the file's base name. */
  name: string;
  path: string;
  memes: Meme[];
  /** Example user queries per meme id, where the source has them (the memepedia TSV does). */
  examples: Map<string, string>;
  dropped: Dropped[];
}

/** The text the encoder indexes for a meme: the title carries the name people type. */
export function passageText(meme: Meme): string {
  return `${meme.title}. ${meme.description}`;
}
