import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';

/**
 * A redis-server of the test's own on a random loopback port, so a test can kill and restart it
 * (the shared Redis on 6379 must never be stopped). Nothing is persisted.
 */
export class DedicatedRedis {
  private child: ChildProcess | undefined;
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  private constructor(readonly port: number) {
    process.on('exit', this.killOnExit);
  }

  static async start(): Promise<DedicatedRedis> {
    const redis = new DedicatedRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port) and waits until it answers PING. */
  async restart(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const probe = new Redis(this.port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    probe.on('error', () => {}); // refused until the server listens
    try {
      const end = Date.now() + 5000;
      for (;;) {
        try {
          await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          probe.disconnect();
        }
        if (Date.now() > end) throw new Error(`redis-server did not start on port ${this.port}`);
        await sleep(20);
      }
    } finally {
      probe.disconnect();
    }
  }

  /** SIGKILL: an outage, not a clean shutdown. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    process.off('exit', this.killOnExit);
  }
}
