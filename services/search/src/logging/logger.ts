import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr (stdout belongs to CLI output). Query texts are logged only at
 * debug level by the callers; secrets never reach a log line because config is never logged whole.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({ name, level, base: { pid: process.pid, name } }, pino.destination({ dest: 2, sync: false }));
}
