import { appendFile, mkdir, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FileFormatError, UserError } from '../../errors.js';
import { MemeSchema, type Meme } from '../../corpus/meme.js';
import { readUtf8 } from '../../corpus/read-utf8.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

/**
 * The crawl's output, a corpus JSONL file (what `--corpus x.jsonl` reads), opened for incremental
 * updates: it knows which memes (by id and URL) are already there, appends new ones and replaces
 * refreshed ones in place. Lines are kept as they were written, so fields this code does not know
 * (added by a cleaning step, say) survive a replacement.
 */
export class JsonlMemeFile {
  private readonly lines = new Map<string, string>();
  private readonly memes = new Map<string, Meme>();
  private readonly idByUrl = new Map<string, string>();

  private constructor(
    readonly path: string,
    /** Set when open() had to drop a torn last line. */
    readonly repaired: string | null,
  ) {}

  /**
   * Reads an existing file (or none). A last line cut short by a crash mid-append is dropped, so its
   * meme is fetched again; any other bad line is an error naming the file and row, and nothing is
   * changed, because then the file is not ours to repair.
   */
  static async open(path: string): Promise<JsonlMemeFile> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new JsonlMemeFile(path, null);
      throw new UserError(`cannot read ${path}: ${(err as Error).message}`);
    }
    const cut = bytes.lastIndexOf(0x0a) + 1;
    const tail = bytes.subarray(cut);
    let repaired: string | null = null;
    if (tail.length > 0) {
      if (isRecord(tail)) await appendFile(path, '\n');
      else if (tail[0] === 0x7b /* { */) {
        await truncate(path, cut);
        repaired = `dropped an incomplete last line of ${path} (${tail.length} bytes, left by a crash mid-write); that meme is fetched again`;
      }
      // Anything else falls through to the row-by-row check below, which names the line.
    }
    const file = new JsonlMemeFile(path, repaired);
    const text = await readUtf8(path);
    text.split('\n').forEach((line, i) => {
      if (line.trim() !== '') file.load(line, i + 1);
    });
    return file;
  }

  get size(): number {
    return this.memes.size;
  }

  /** The meme stored for a page URL (its canonical URL or the URL it was fetched from). */
  getByUrl(url: string): Meme | undefined {
    const id = this.idByUrl.get(url);
    return id === undefined ? undefined : this.memes.get(id);
  }

  getById(id: string): Meme | undefined {
    return this.memes.get(id);
  }

  /** Adds a meme, or replaces the one with the same id where it stands. */
  async put(meme: Meme): Promise<'added' | 'replaced'> {
    const line = JSON.stringify(meme);
    const replacing = this.memes.has(meme.id);
    if (replacing) {
      this.lines.set(meme.id, line);
      await writeFileAtomic(this.path, [...this.lines.values()].map((l) => `${l}\n`).join(''));
    } else {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, `${line}\n`);
      this.lines.set(meme.id, line);
    }
    this.memes.set(meme.id, meme);
    this.remember(meme);
    return replacing ? 'replaced' : 'added';
  }

  /** Another URL for a stored meme (the listing's link when the page's canonical URL differs). */
  alias(url: string, id: string): void {
    if (this.memes.has(id)) this.idByUrl.set(url, id);
  }

  private load(line: string, row: number): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new FileFormatError(this.path, row, `not valid JSON (${(err as Error).message}); --out must be a corpus JSONL file`);
    }
    const parsed = MemeSchema.safeParse(value);
    if (!parsed.success) {
      throw new FileFormatError(this.path, row, parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; '));
    }
    const meme = parsed.data;
    if (this.memes.has(meme.id)) throw new FileFormatError(this.path, row, `duplicate id "${meme.id}"`);
    this.lines.set(meme.id, line);
    this.memes.set(meme.id, meme);
    this.remember(meme);
  }

  private remember(meme: Meme): void {
    if (meme.url) this.idByUrl.set(meme.url, meme.id);
  }
}

function isRecord(bytes: Buffer): boolean {
  try {
    return MemeSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))).success;
  } catch {
    return false;
  }
}
