import cliProgress from 'cli-progress';

export interface Progress {
  increment(n?: number): void;
  update(value: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr (stdout stays clean for --json). Off a TTY it prints a line every few
 * seconds instead of redrawing, so CI logs show long steps moving.
 */
export function createProgress(label: string, total: number, unit = 'items'): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted} elapsed | eta {eta_formatted}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 3000,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    increment: (n = 1) => bar.increment(n),
    update: (v) => bar.update(v),
    stop: () => bar.stop(),
  };
}

/** For library calls where nobody watches (tests, the service): same interface, no output. */
export const silentProgress: Progress = { increment() {}, update() {}, stop() {} };
