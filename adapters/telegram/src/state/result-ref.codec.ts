import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** Which search showed which meme: what a 👍/👎 or a chosen inline result must send back. */
export interface ResultRef {
  queryId: string;
  memeId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INLINE = '=';
const STORED = '#';

/**
 * Packs (query_id, meme_id) into Telegram's 64-byte fields (callback_data, inline result ids).
 * Usually the ref is self-contained: the UUID as 22 base64url characters plus the meme id, so a
 * button keeps working after a restart or an LRU eviction. A meme id too long for that is kept in
 * a bounded LRU under a short random key instead.
 */
export class ResultRefCodec {
  private readonly stored: LRUCache<string, ResultRef>;

  constructor(maxStored: number) {
    this.stored = new LRUCache({ max: maxStored });
  }

  /** A ref of at most `budget` bytes (what is left of 64 after the caller's prefix). */
  encode(ref: ResultRef, budget: number): string {
    if (UUID.test(ref.queryId)) {
      const packed = INLINE + Buffer.from(ref.queryId.replace(/-/g, ''), 'hex').toString('base64url') + ref.memeId;
      if (Buffer.byteLength(packed) <= budget) return packed;
    }
    const key = randomBytes(9).toString('base64url');
    this.stored.set(key, ref);
    return STORED + key;
  }

  decode(text: string): ResultRef | undefined {
    if (text.startsWith(STORED)) return this.stored.get(text.slice(1));
    if (!text.startsWith(INLINE) || text.length < 24) return undefined;
    const hex = Buffer.from(text.slice(1, 23), 'base64url').toString('hex');
    if (hex.length !== 32) return undefined;
    const queryId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { queryId, memeId: text.slice(23) };
  }
}
