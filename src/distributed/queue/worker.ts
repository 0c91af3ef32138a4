/**
 * A queue worker: takes jobs from BullMQ and runs them on a Piscina pool (the same PoolLauncher, and
 * so the same executeJob, as a local run: records are bit-identical), `workers` at a time, with the
 * dataset loaded once per process. Each result record goes back as the BullMQ job's return value; each
 * epoch's metrics as its progress (the coordinator's live display).
 *
 * Every message is checked before anything runs (job-message.ts); one that fails the check is refused
 * with its reason and fails in BullMQ at once, without retries (UnrecoverableError). A job whose record
 * says failed is thrown back for BullMQ to retry with backoff, until its last attempt, whose failed
 * record is returned like any other result (the journal then holds what the worker saw, stack included).
 *
 * Stopping: `finish()` takes no new job and lets the running ones end; `giveBack()` stops the running
 * ones and moves them back to the queue's waiting list for another worker. A worker that dies instead
 * (SIGKILL, a lost machine) stops renewing its jobs' locks; after `lockDurationMs` another worker's
 * stalled-job check (every `stalledIntervalMs`) puts them back, up to `maxStalledCount` times.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker, type Job as QueueJob } from 'bullmq';
import { TRAINING_CODE_VERSION } from '../../core/version.js';
import type { Dataset } from '../../data/dataset.js';
import type { JobRecord } from '../../journal/record.js';
import { PoolLauncher } from '../../launch/pool.js';
import { jobLabel } from '../../sweep/label.js';
import { checkJobMessage, type JobMessage } from '../job-message.js';
import { type QueueConnection, connectRedis, redisOptions } from './connection.js';
import type { WorkerQueueSettings } from './settings.js';
import { reportErrors } from './warnings.js';

/** What a worker tells as it goes (the CLI prints these; tests watch them). */
export type WorkerEvent =
  | { type: 'start'; queueId: string; label: string; attempt: number }
  | { type: 'end'; queueId: string; label: string; record: JobRecord; retrying: boolean }
  | { type: 'refused'; queueId: string; reason: string }
  | { type: 'returned'; queueId: string }
  | { type: 'stalled'; queueId: string }
  | { type: 'warning'; message: string };

export interface QueueWorkerOptions {
  connection: QueueConnection;
  settings: WorkerQueueSettings;
  dataset: Dataset;
  onEvent?: (event: WorkerEvent) => void;
  /** The pool's worker module (tests substitute misbehaving ones). */
  workerFile?: string;
}

export class QueueWorker {
  /** `host:pid`: named in refusals and stored by BullMQ on the jobs this process takes. */
  readonly name = `${hostname()}:${process.pid}`;
  private readonly pool: PoolLauncher;
  private readonly worker: Worker<JobMessage, JobRecord>;
  private readonly emit: (event: WorkerEvent) => void;
  private finishing: Promise<void> | null = null;

  private constructor(private readonly options: QueueWorkerOptions) {
    this.emit = options.onEvent ?? (() => {});
    const { settings, dataset } = options;
    this.pool = new PoolLauncher(dataset, { workers: settings.workers, workerFile: options.workerFile });
    this.worker = new Worker<JobMessage, JobRecord>(settings.name, (job, token, signal) => this.process(job, token, signal), {
      connection: redisOptions(options.connection),
      name: this.name,
      concurrency: settings.workers,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount,
      autorun: false,
    });
    reportErrors([this.worker], options.connection, (message) => this.emit({ type: 'warning', message }), 'queue connection');
    this.worker.on('stalled', (jobId) => this.emit({ type: 'stalled', queueId: jobId }));
  }

  /** Connects (failing at once, clearly, on a wrong address or password) and starts taking jobs. */
  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    (await connectRedis(options.connection)).disconnect();
    const worker = new QueueWorker(options);
    void worker.worker.run().catch((error: unknown) => worker.emit({ type: 'warning', message: String(error) }));
    await worker.worker.waitUntilReady();
    return worker;
  }

  /** Takes no new job; resolves when the running ones have ended and everything is closed. */
  finish(): Promise<void> {
    this.finishing ??= (async () => {
      await this.worker.close();
      await this.pool.close();
    })();
    return this.finishing;
  }

  /** Stops the running jobs and gives them back to the queue, then closes. */
  giveBack(): Promise<void> {
    this.worker.cancelAllJobs('the worker is stopping');
    return this.finish();
  }

  private async process(job: QueueJob<JobMessage, JobRecord>, token: string | undefined, signal?: AbortSignal): Promise<JobRecord> {
    const queueId = job.id ?? '(no id)';
    const check = checkJobMessage(job.data, { codeVersion: TRAINING_CODE_VERSION, datasetDigest: this.options.dataset.digest });
    const reason = !check.ok
      ? check.reason
      : queueId !== `${check.job.sweep}/${check.job.id}`
        ? `its queue id ${queueId} is not <sweep>/<content id> (${check.job.sweep}/${check.job.id})`
        : job.name !== check.job.kind
          ? `its name "${job.name}" is not its kind "${check.job.kind}"`
          : null;
    if (!check.ok || reason !== null) {
      this.emit({ type: 'refused', queueId, reason: reason! });
      throw new UnrecoverableError(`refused by worker ${this.name}: ${reason}`);
    }
    const label = jobLabel(check.job);
    const attempts = job.opts.attempts ?? 1;
    this.emit({ type: 'start', queueId, label, attempt: job.attemptsMade + 1 });
    const stop = signal ?? new AbortController().signal;
    const record = await this.pool.run(check.job, stop, {
      // best effort, like local progress: a lost update only delays the display
      onEpoch: (_, metrics) => void job.updateProgress(metrics).catch(() => {}),
    });
    if (record === null) {
      // stopped by giveBack(): back to the waiting list, not counted as an attempt
      await job.moveToWait(token);
      this.emit({ type: 'returned', queueId });
      throw new WaitingError();
    }
    const retrying = record.status === 'failed' && job.attemptsMade + 1 < attempts;
    this.emit({ type: 'end', queueId, label, record, retrying });
    if (retrying) throw new Error(record.error?.message ?? 'the job failed');
    return record;
  }
}
