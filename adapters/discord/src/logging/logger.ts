import { createRedactingLogger, scrubber as kitScrubber, type Logger, type Redaction } from '@memesearch/adapter-kit';

export type { Logger };

const DISCORD_SECRETS: Redaction[] = [
  // Interaction tokens sit in callback and webhook URLs: short-lived, but still credentials.
  { pattern: /(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9_.-]{20,}/g, replacement: '$1[REDACTED]' },
  // Anything shaped like a bot token.
  { pattern: /\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{25,}\b/g, replacement: '[REDACTED]' },
];

/** JSON logs on stderr with the bot token and interaction tokens redacted. */
export function createLogger(level: string, name: string, secrets: readonly string[] = []): Logger {
  return createRedactingLogger(level, name, secrets, DISCORD_SECRETS);
}

/** Replaces the given secrets and anything shaped like a Discord token with a placeholder. */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  return kitScrubber(secrets, DISCORD_SECRETS);
}
