/**
 * The pool's threads: a Piscina pool of the worker module and the progress channel its threads post on
 * (epochs, resumes, warnings, and one 'ready' each once its modules are loaded). Made either by the
 * PoolLauncher itself or, for `mlp-sweep run`, before the command's own modules load (./warm-pool.ts),
 * so that the threads' start-up (Node's worker bootstrap and the training code's modules, ~0.25 s)
 * overlaps the main thread's instead of following it.
 *
 * Ending the threads waits until each thread alive has said it is ready: Node 20 can abort the whole
 * process ("IsGraphAsync … instantiated module", or "CreateRequiredModuleFacade" once require() has
 * evaluated the module) when a thread is terminated while it is still loading ES modules, as a run
 * that fails at once would do. Readiness is kept per thread id, so a thread started in place of one
 * that died is waited for too.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { JobRecord } from '../journal/record.js';
import type { JobProgress, PoolTask, PoolWorkerData } from './pool-worker.js';

/** How long ending the threads waits for threads still loading their modules (a thread that never loads is ended then). */
const READY_WAIT_MS = 5_000;
/** How often ending the threads looks again at which threads are alive and ready. */
const READY_POLL_MS = 25;

/** The worker module the pool runs unless told otherwise. */
export const POOL_WORKER_FILE = fileURLToPath(new URL('./pool-worker.js', import.meta.url));

export interface PoolThreadsOptions {
  /** Threads started now (and kept). */
  threads: number;
  /** The most threads the pool may start, when more tasks than `threads` are given at once (default `threads`). */
  maxThreads?: number;
  /** The worker module (tests substitute misbehaving ones). */
  workerFile?: string;
}

export class PoolThreads {
  readonly pool: Piscina<PoolTask, JobRecord | null>;
  readonly workerFile: string;
  readonly maxThreads: number;
  /** Every message but 'ready' goes here (the launcher sets it). */
  onProgress: (message: Exclude<JobProgress, { type: 'ready' }>) => void = () => {};
  private readonly progress: BroadcastChannel;
  /** The ids of the threads that have said they are ready (loaded their modules). */
  private readonly ready = new Set<number>();
  private readyWaiters: (() => void)[] = [];
  private ended: Promise<void> | null = null;

  constructor(options: PoolThreadsOptions) {
    this.workerFile = options.workerFile ?? POOL_WORKER_FILE;
    this.maxThreads = Math.max(options.threads, options.maxThreads ?? options.threads);
    const progressChannel = `mlp-sweep-progress-${randomUUID()}`;
    this.progress = new BroadcastChannel(progressChannel);
    this.progress.onmessage = (event) => {
      const message = (event as { data: JobProgress }).data;
      if (message.type === 'ready') this.threadReady(message.threadId);
      else this.onProgress(message);
    };
    this.progress.unref();
    const workerData: PoolWorkerData = { progressChannel };
    this.pool = new Piscina<PoolTask, JobRecord | null>({
      filename: this.workerFile,
      minThreads: options.threads,
      maxThreads: this.maxThreads,
      idleTimeout: 60_000,
      workerData,
    });
  }

  private threadReady(threadId: number): void {
    this.ready.add(threadId);
    if (this.allReady()) for (const wake of this.readyWaiters.splice(0)) wake();
  }

  /** The ids of the threads that have said they are ready, alive or not. */
  get readyThreads(): ReadonlySet<number> {
    return this.ready;
  }

  /** Whether every thread alive now has loaded its modules. */
  private allReady(): boolean {
    return this.pool.threads.every((thread) => this.ready.has(thread.threadId));
  }

  /** Ends the threads, once each has loaded its modules (at most READY_WAIT_MS). Idempotent. */
  end(): Promise<void> {
    this.ended ??= (async () => {
      if (!this.allReady()) {
        await new Promise<void>((resolve) => {
          // a thread that dies while loading leaves the list without a message: look again now and then
          const poll = setInterval(() => this.allReady() && done(), READY_POLL_MS);
          const timer = setTimeout(() => done(), READY_WAIT_MS);
          const done = (): void => {
            clearInterval(poll);
            clearTimeout(timer);
            resolve();
          };
          this.readyWaiters.push(done);
        });
      }
      this.progress.close();
      await this.pool.destroy();
    })();
    return this.ended;
  }
}
