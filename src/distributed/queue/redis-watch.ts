/**
 * Notices when Redis goes away and when it comes back. BullMQ's connections use
 * `maxRetriesPerRequest: null`, so a command never fails during an outage: it waits, and a waiter
 * for a result would wait forever in silence. This watch reads the connection's own events (`close`,
 * `ready`) and, for a server that stops answering without closing (a lost network), a ping with a
 * deadline. It calls `onDown` once per outage, `onBack` when the server answers again, and `onLost`
 * once if an outage lasts `limitMs`.
 */
import type { EventEmitter } from 'node:events';

/** What the watch uses of an ioredis client. */
export type WatchedClient = Pick<EventEmitter, 'on' | 'off'> & { ping(): Promise<unknown>; readonly status: string };

export interface RedisWatchOptions {
  client: WatchedClient;
  limitMs: number;
  /** How often to ping, and how long a ping may take before the server counts as gone. */
  pingMs: number;
  onDown: () => void;
  onBack: (downForMs: number) => void;
  onLost: (downForMs: number) => void;
}

export class RedisWatch {
  private downSince: number | null = null;
  private pinging = false;
  private lost = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onClose = (): void => this.down();
  private readonly onReady = (): void => this.up();

  constructor(private readonly o: RedisWatchOptions) {
    o.client.on('close', this.onClose);
    o.client.on('ready', this.onReady);
    this.timer = setInterval(() => this.tick(), Math.max(50, Math.min(o.pingMs, o.limitMs / 4)));
    this.timer.unref();
  }

  /** True from the moment the server went away until it answers again (or for good once lost). */
  get isDown(): boolean {
    return this.downSince !== null;
  }

  stop(): void {
    clearInterval(this.timer);
    this.o.client.off('close', this.onClose);
    this.o.client.off('ready', this.onReady);
  }

  private down(at = Date.now()): void {
    if (this.downSince !== null || this.lost) return;
    this.downSince = at;
    this.o.onDown();
  }

  private up(): void {
    if (this.downSince === null || this.lost) return;
    const downFor = Date.now() - this.downSince;
    this.downSince = null;
    this.o.onBack(downFor);
  }

  private tick(): void {
    if (this.lost) return;
    const now = Date.now();
    if (this.downSince !== null && now - this.downSince >= this.o.limitMs) {
      this.lost = true;
      this.stop();
      this.o.onLost(now - this.downSince);
      return;
    }
    if (this.pinging) return;
    this.pinging = true;
    const sent = now;
    const late = setTimeout(() => this.down(sent), this.o.pingMs);
    this.o.client.ping().then(
      () => {
        clearTimeout(late);
        this.pinging = false;
        if (this.o.client.status === 'ready') this.up();
      },
      () => {
        clearTimeout(late);
        this.pinging = false;
      },
    );
  }
}
