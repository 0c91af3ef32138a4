/**
 * Runs jobs on a Piscina pool of worker threads, one job per thread at a time: jobs are the unit of
 * parallelism (two single-threaded jobs scale ~2× on two cores), and when fewer jobs than workers
 * remain the running ones use the idle cores through their kernels' threads (./thread-shares.ts).
 * A worker that dies fails only its own job (its record says so) and Piscina starts a new one;
 * aborting a running job stops its thread.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Dataset } from '../data/dataset.js';
import type { JobRecord } from '../journal/record.js';
import type { Job } from '../sweep/job.js';
import type { LaunchHooks, Launcher } from './launcher.js';
import type { JobPlace } from './launcher.js';
import type { PoolTask } from './pool-worker.js';
import { POOL_WORKER_FILE, PoolThreads } from './pool-threads.js';
import { takeWarmPool } from './warm-pool.js';

/** How long a job asked to stop may take to reach its next batch boundary before its thread is terminated. */
export const STOP_GRACE_MS = 15_000;
import { ThreadShares } from './thread-shares.js';

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  workers?: number;
  /** The worker module (tests substitute misbehaving ones). */
  workerFile?: string;
  /**
   * Let running jobs use the cores of idle workers (a sweep's tail): ./thread-shares.ts. Default true;
   * the results are the same bits either way.
   */
  shareIdleCores?: boolean;
  /**
   * The cores the running jobs share (default: min(workers, this machine's)). A run with fewer jobs
   * than the --workers asked for starts fewer threads but still lets its jobs use that many cores.
   */
  cores?: number;
}

export class PoolLauncher implements Launcher {
  readonly name = 'pool';
  readonly concurrency: number;
  private readonly threads: PoolThreads;
  private readonly listeners = new Map<string, LaunchHooks>();
  private readonly shares: ThreadShares | null;

  private readonly datasetSource: () => Dataset;

  /**
   * `dataset` may be a function that gives it when the first job starts: the pool's threads start now
   * and load their modules while the caller loads the data (or were started before, ./warm-pool.ts).
   */
  constructor(dataset: Dataset | (() => Dataset), options: PoolOptions = {}) {
    this.datasetSource = typeof dataset === 'function' ? dataset : () => dataset;
    this.concurrency = options.workers ?? availableParallelism();
    this.shares = options.shareIdleCores === false ? null : new ThreadShares(Math.max(1, Math.min(options.cores ?? this.concurrency, availableParallelism())));
    const workerFile = options.workerFile ?? POOL_WORKER_FILE;
    this.threads = takeWarmPool(this.concurrency, workerFile) ?? new PoolThreads({ threads: this.concurrency, workerFile });
    this.threads.onProgress = (message) => {
      const hooks = this.listeners.get(message.jobId);
      if (message.type === 'epoch') hooks?.onEpoch?.(message.jobId, message.metrics);
      else if (message.type === 'resume') hooks?.onResume?.(message.jobId, message.position);
      else hooks?.onWarning?.(message.jobId, message.message);
    };
  }

  async run(job: Job, signal: AbortSignal, hooks: LaunchHooks = {}, place?: JobPlace): Promise<JobRecord | null> {
    if (signal.aborted) return null;
    this.listeners.set(job.id, hooks);
    // the coordinator keeps at most `concurrency` jobs here, so a free thread takes this one now
    hooks.onStart?.(job.id);
    const started = performance.now();
    // Stopping is cooperative: the job sees the flag at its next batch boundary, checkpoints and returns
    // null. Only a job that does not get there within the grace period has its thread terminated.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const terminate = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      Atomics.store(stop, 0, 1);
      grace = setTimeout(() => terminate.abort(), STOP_GRACE_MS);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const slot = this.shares?.take() ?? -1;
    try {
      const task: PoolTask = { job, dataset: this.datasetSource(), place, stop, ...(this.shares ? { threads: [this.shares.buffer, slot] as [SharedArrayBuffer, number] } : {}) };
      return await this.threads.pool.run(task, { signal: terminate.signal });
    } catch (error) {
      if (signal.aborted) return null;
      // the pool itself failed this job (its worker died): a failed record, never a thrown error
      const reason = error instanceof Error ? error.message : String(error);
      // loaded here: the main thread of a pool never trains, so it need not load the training code
      const { failedRecord } = await import('../execute/execute-job.js');
      return failedRecord(
        job,
        new Error(`worker thread died while running the job: ${reason}`),
        (performance.now() - started) / 1000,
        this.datasetSource().digest,
      );
    } finally {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(grace);
      if (this.shares) this.shares.release(slot);
      this.listeners.delete(job.id);
    }
  }

  /** Ends the threads, once each has loaded its modules (./pool-threads.ts says why). */
  close(): Promise<void> {
    return this.threads.end();
  }
}
