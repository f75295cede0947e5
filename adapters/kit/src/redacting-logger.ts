import { pino, type Logger } from 'pino';

export type { Logger };

/** A credential shape to hide wherever it appears (a library's error message, a URL). */
export interface Redaction {
  pattern: RegExp;
  replacement: string;
}

/**
 * Structured JSON logs on stderr. Every string that reaches a log line passes through `scrub`, so
 * a bot token cannot leak even through a library's error message (API URLs often carry it).
 */
export function createRedactingLogger(level: string, name: string, secrets: readonly string[], redactions: readonly Redaction[]): Logger {
  const scrub = scrubber(secrets, redactions);
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

/** Replaces the given secrets and anything matching the redaction patterns with a placeholder. */
export function scrubber(secrets: readonly string[], redactions: readonly Redaction[]): (text: string) => string {
  const known = secrets.filter((s) => s.length >= 8);
  return (text) => {
    let out = text;
    for (const s of known) out = out.split(s).join('[REDACTED]');
    for (const r of redactions) out = out.replace(r.pattern, r.replacement);
    return out;
  };
}
