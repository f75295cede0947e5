export { TokenBucketLimiter } from './token-bucket.limiter.js';
export { createRedactingLogger, scrubber, type Logger, type Redaction } from './redacting-logger.js';
export { meaningLine, truncate } from './meme-text.js';
export { SearchFailure, toSearchFailure, type SearchFailureKind } from './search-failure.js';
export { GENERIC_ERROR, rateLimited, searchFailureMessages } from './messages.js';
