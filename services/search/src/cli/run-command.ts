import { InvalidArgumentError } from 'commander';
import { UserError } from '../errors.js';

/**
 * Wraps a command action: a user mistake prints "error: …" (and a hint) and exits 2 without a
 * stack trace; anything else is a bug and gets its stack and exit 1.
 */
export function runCommand<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof UserError) {
        process.stderr.write(`error: ${err.message}\n`);
        if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`unexpected error (a bug, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
        process.exitCode = 1;
      }
    }
  };
}

/** Parses a positive integer option; commander reports the error with the option's name. */
export function positiveInt(name: string, max = 1_000_000) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`${name} must be an integer from 1 to ${max}.`);
    return n;
  };
}
