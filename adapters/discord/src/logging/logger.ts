import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr. Every string that reaches a log line passes through `scrub`, so
 * the bot token cannot leak even through a library's error message (webhook URLs carry interaction tokens).
 */
export function createLogger(level: string, name: string, secrets: readonly string[] = []): Logger {
  const scrub = scrubber(secrets);
  return pino(
    {
      name,
      level,
      base: { pid: process.pid, name },
      serializers: {
        err: (err: unknown) => {
          const e = pino.stdSerializers.err(err as Error);
          return JSON.parse(scrub(JSON.stringify(e))) as unknown;
        },
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    pino.destination({ dest: 2, sync: false }),
  );
}

/** Replaces the given secrets and anything shaped like a Discord bot token with a placeholder. */
export function scrubber(secrets: readonly string[]): (text: string) => string {
  const known = secrets.filter((s) => s.length >= 8);
  return (text) => {
    let out = text;
    for (const s of known) out = out.split(s).join('[REDACTED]');
    // Interaction tokens sit in callback and webhook URLs: short-lived, but still credentials.
    return out
      .replace(/(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9_.-]{20,}/g, '$1[REDACTED]')
      .replace(/\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{25,}\b/g, '[REDACTED]');
  };
}
