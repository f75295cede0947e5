import type { TextKind } from '../encoder/encoder.js';
import { InvalidInputError } from '../errors.js';
import { normalizeQuery } from '../search/query-validation.js';
import type { SearchFilters } from '../search/search-core.js';
import type { EmbedRequest__Output } from './generated/memesearch/v1/EmbedRequest.js';
import type { GetMemeRequest__Output } from './generated/memesearch/v1/GetMemeRequest.js';
import type { SearchRequest__Output } from './generated/memesearch/v1/SearchRequest.js';
import type { SubmitFeedbackRequest__Output } from './generated/memesearch/v1/SubmitFeedbackRequest.js';
import type { Reaction } from '../feedback/feedback-store.js';
import { invalidArgument } from './status-error.js';

/** The limits the proto documents; INVALID_ARGUMENT messages name the field. */
export const LIMITS = {
  defaultLimit: 5,
  maxLimit: 50,
  maxTags: 20,
  maxTagChars: 100,
  maxRefChars: 200,
  maxEmbedTexts: 64,
  maxEmbedChars: 2000,
  maxIdChars: 200,
};

function field<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof InvalidInputError) throw invalidArgument(`${name}: ${err.message.replace(/^query /, '')}`);
    throw err;
  }
}

function shortString(name: string, value: string, max: number): string {
  if ([...value].length > max) throw invalidArgument(`${name} is longer than ${max} characters`);
  if (!value.isWellFormed()) throw invalidArgument(`${name} contains a lone UTF-16 surrogate`);
  return value;
}

export interface SearchInput {
  query: string;
  limit: number;
  filters: SearchFilters;
  platform: string;
  userRef: string;
}

export function validateSearch(req: SearchRequest__Output): SearchInput {
  const query = field('query', () => normalizeQuery(req.query ?? ''));
  const limit = req.limit === 0 ? LIMITS.defaultLimit : req.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxLimit)
    throw invalidArgument(`limit must be 1–${LIMITS.maxLimit} (0 means ${LIMITS.defaultLimit}), got ${req.limit}`);
  const tags = req.filters?.tags ?? [];
  if (tags.length > LIMITS.maxTags) throw invalidArgument(`filters.tags has ${tags.length} tags, the limit is ${LIMITS.maxTags}`);
  tags.forEach((t, i) => shortString(`filters.tags[${i}]`, t, LIMITS.maxTagChars));
  const minScore = req.filters?.min_score ?? 0;
  if (!Number.isFinite(minScore) || minScore < -1 || minScore > 1)
    throw invalidArgument(`filters.min_score must be between -1 and 1, got ${minScore}`);
  return {
    query,
    limit,
    filters: { tags: tags.map((t) => t.trim()).filter(Boolean), minScore },
    platform: shortString('client.platform', req.client?.platform ?? '', LIMITS.maxRefChars),
    userRef: shortString('client.user_ref', req.client?.user_ref ?? '', LIMITS.maxRefChars),
  };
}

export function validateGetMeme(req: GetMemeRequest__Output): string {
  const id = shortString('id', (req.id ?? '').trim(), LIMITS.maxIdChars);
  if (!id) throw invalidArgument('id is empty');
  return id;
}

const KINDS: Record<string, TextKind> = { TEXT_KIND_QUERY: 'query', TEXT_KIND_PASSAGE: 'passage' };

export function validateEmbed(req: EmbedRequest__Output): { texts: string[]; kind: TextKind } {
  const kind = KINDS[String(req.kind)];
  if (!kind) throw invalidArgument(`kind must be TEXT_KIND_QUERY or TEXT_KIND_PASSAGE, got ${String(req.kind)}`);
  const texts = req.texts ?? [];
  if (texts.length === 0 || texts.length > LIMITS.maxEmbedTexts)
    throw invalidArgument(`texts must hold 1–${LIMITS.maxEmbedTexts} texts, got ${texts.length}`);
  return {
    kind,
    texts: texts.map((t, i) => field(`texts[${i}]`, () => normalizeQuery(t, LIMITS.maxEmbedChars))),
  };
}

const REACTIONS: Record<string, Reaction> = {
  REACTION_LIKE: 'like',
  REACTION_DISLIKE: 'dislike',
  REACTION_CHOSEN: 'chosen',
  REACTION_CLEAR: 'clear',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FeedbackInput {
  queryId: string;
  memeId: string;
  reaction: Reaction;
  platform: string;
  userRef: string;
}

export function validateFeedback(req: SubmitFeedbackRequest__Output): FeedbackInput {
  const queryId = (req.query_id ?? '').trim().toLowerCase();
  if (!UUID.test(queryId)) throw invalidArgument('query_id must be the UUID a SearchResponse carried');
  const memeId = validateGetMeme({ id: req.meme_id ?? '' });
  const reaction = REACTIONS[String(req.reaction)];
  if (!reaction)
    throw invalidArgument(
      `reaction must be REACTION_LIKE, REACTION_DISLIKE, REACTION_CHOSEN or REACTION_CLEAR, got ${String(req.reaction)}`,
    );
  const platform = shortString('client.platform', (req.client?.platform ?? '').trim(), LIMITS.maxRefChars);
  const userRef = shortString('client.user_ref', (req.client?.user_ref ?? '').trim(), LIMITS.maxRefChars);
  if (!platform || !userRef) throw invalidArgument('client.platform and client.user_ref are required for feedback');
  return { queryId, memeId, reaction, platform, userRef };
}
