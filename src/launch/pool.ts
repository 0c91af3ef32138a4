/**
 * Runs jobs on a Piscina pool of worker threads, one job per thread at a time: jobs, not threads
 * inside a job, are the unit of parallelism (two single-threaded jobs scale ~2× on two cores).
 * A worker that dies fails only its own job (its record says so) and Piscina starts a new one;
 * aborting a running job stops its thread.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import type { Dataset } from '../data/dataset.js';
import type { JobRecord } from '../journal/record.js';
import { failedRecord } from '../execute/execute-job.js';
import type { Job } from '../sweep/job.js';
import type { LaunchHooks, Launcher } from './launcher.js';
import type { EpochProgress, PoolTask, PoolWorkerData } from './pool-worker.js';

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  workers?: number;
  /** The worker module (tests substitute misbehaving ones). */
  workerFile?: string;
}

export class PoolLauncher implements Launcher {
  readonly name = 'pool';
  readonly concurrency: number;
  private readonly pool: Piscina<PoolTask, JobRecord>;
  private readonly progress: BroadcastChannel;
  private readonly listeners = new Map<string, NonNullable<LaunchHooks['onEpoch']>>();

  constructor(
    private readonly dataset: Dataset,
    options: PoolOptions = {},
  ) {
    this.concurrency = options.workers ?? availableParallelism();
    const progressChannel = `mlp-sweep-progress-${randomUUID()}`;
    this.progress = new BroadcastChannel(progressChannel);
    this.progress.onmessage = (event) => {
      const message = (event as { data: EpochProgress }).data;
      this.listeners.get(message.jobId)?.(message.jobId, message.metrics);
    };
    this.progress.unref();
    const workerData: PoolWorkerData = { dataset, progressChannel };
    this.pool = new Piscina<PoolTask, JobRecord>({
      filename: options.workerFile ?? fileURLToPath(new URL('./pool-worker.js', import.meta.url)),
      minThreads: this.concurrency,
      maxThreads: this.concurrency,
      idleTimeout: 60_000,
      workerData,
    });
  }

  async run(job: Job, signal: AbortSignal, hooks: LaunchHooks = {}): Promise<JobRecord | null> {
    if (signal.aborted) return null;
    if (hooks.onEpoch) this.listeners.set(job.id, hooks.onEpoch);
    // the coordinator keeps at most `concurrency` jobs here, so a free thread takes this one now
    hooks.onStart?.(job.id);
    const started = performance.now();
    try {
      return await this.pool.run({ job }, { signal });
    } catch (error) {
      if (signal.aborted) return null;
      // the pool itself failed this job (its worker died): a failed record, never a thrown error
      const reason = error instanceof Error ? error.message : String(error);
      return failedRecord(
        job,
        new Error(`worker thread died while running the job: ${reason}`),
        (performance.now() - started) / 1000,
        this.dataset.digest,
      );
    } finally {
      this.listeners.delete(job.id);
    }
  }

  async close(): Promise<void> {
    this.progress.close();
    await this.pool.destroy();
  }
}
