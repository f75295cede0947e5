import { createRedactingLogger, scrubber as kitScrubber, type Logger, type Redaction } from '@memesearch/adapter-kit';

export type { Logger };

// Bot API URLs carry the token (https://api.telegram.org/bot<id>:<secret>/method).
const TELEGRAM_TOKEN: Redaction = { pattern: /\b\d{3,}:[A-Za-z0-9_-]{30,}\b/g, replacement: '[REDACTED]' };

/** JSON logs on stderr with the bot token (and anything shaped like one) redacted. */
export function createLogger(level: string, name: string, secrets: readonly string[] = []): Logger {
  return createRedactingLogger(level, name, secrets, [TELEGRAM_TOKEN]);
}

/** Replaces the given secrets and anything shaped like a Bot API token with a placeholder. */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  return kitScrubber(secrets, [TELEGRAM_TOKEN]);
}
