export { TokenBucketLimiter } from './token-bucket.limiter.js';
export { createRedactingLogger, scrubber, type Logger, type Redaction } from './redacting-logger.js';
