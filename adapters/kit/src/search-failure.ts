/** What went wrong with the search service, by what the user should be told. */
export type SearchFailureKind = 'unavailable' | 'slow' | 'busy' | 'invalid' | 'not_found' | 'internal';

/** The search service could not answer; `kind` decides the message, `code` is the gRPC status. */
export class SearchFailure extends Error {
  override readonly name = 'SearchFailure';
  constructor(
    readonly kind: SearchFailureKind,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

// gRPC status codes (numbers, so an adapter needs no gRPC library of its own).
const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;
const RESOURCE_EXHAUSTED = 8;
const UNAVAILABLE = 14;

/** Maps a client error to a SearchFailure, in exactly one place for every adapter. */
export function toSearchFailure(err: unknown): SearchFailure {
  const e = err as { code?: unknown; details?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const detail = typeof e.details === 'string' && e.details ? e.details : String(e.message ?? err);
  switch (code) {
    case UNAVAILABLE:
      return new SearchFailure('unavailable', code, detail);
    case DEADLINE_EXCEEDED:
      return new SearchFailure('slow', code, detail);
    case RESOURCE_EXHAUSTED:
      return new SearchFailure('busy', code, detail);
    case NOT_FOUND:
      return new SearchFailure('not_found', code, detail);
    case INVALID_ARGUMENT:
      return new SearchFailure('invalid', code, detail);
    default:
      return new SearchFailure('internal', code, detail);
  }
}
