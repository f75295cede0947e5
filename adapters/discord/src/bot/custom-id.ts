/**
 * What a button carries in its custom_id (≤ 100 characters): the search it belongs to and, for
 * votes, the meme. The query_id UUID is packed into 22 base64url characters, so buttons keep
 * working after a restart.
 */
export type ButtonAction = { kind: 'vote'; vote: 'like' | 'dislike'; queryId: string; memeId: string } | { kind: 'more'; queryId: string };

export const CUSTOM_ID_MAX = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function packQueryId(uuid: string): string {
  if (!UUID.test(uuid)) return uuid; // not a UUID: carried verbatim (still round-trips)
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

export function unpackQueryId(packed: string): string {
  if (packed.length !== 22) return packed;
  const hex = Buffer.from(packed, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The custom_id, or undefined when it would not fit Discord's 100 characters. */
export function encodeAction(a: ButtonAction): string | undefined {
  const id = a.kind === 'more' ? `m:${packQueryId(a.queryId)}` : `v${a.vote === 'like' ? 'l' : 'd'}:${packQueryId(a.queryId)}:${a.memeId}`;
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

export function decodeAction(customId: string): ButtonAction | undefined {
  const [head, qid, ...rest] = customId.split(':');
  if (!qid) return undefined;
  const queryId = unpackQueryId(qid);
  if (head === 'm' && rest.length === 0) return { kind: 'more', queryId };
  const memeId = rest.join(':');
  if ((head === 'vl' || head === 'vd') && memeId) return { kind: 'vote', vote: head === 'vl' ? 'like' : 'dislike', queryId, memeId };
  return undefined;
}
