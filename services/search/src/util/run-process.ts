import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stderrTail: string;
}

/**
 * Runs a helper process (pip, the converter), streaming its output to our stderr so the user sees
 * its progress, and keeping the tail of stderr for the error message. Killed after `timeoutMs`.
 */
export function runProcess(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4000);
      if (opts.echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stderrTail: `${tail}\n${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? -1 : code, stderrTail: signal ? `${tail}\nkilled by ${signal} (timeout ${opts.timeoutMs} ms)` : tail });
    });
  });
}
