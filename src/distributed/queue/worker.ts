/**
 * A queue worker: takes jobs from BullMQ and runs them on a Piscina pool (the same PoolLauncher, and
 * so the same executeJob, as a local run: records are bit-identical), `workers` at a time, with the
 * dataset loaded once per process. Each result record goes back as the BullMQ job's return value; each
 * epoch's metrics as its progress (the coordinator's live display).
 *
 * Every message is checked before anything runs (job-message.ts). A message that fails the check is
 * refused with its reason and fails in BullMQ at once, without retries (UnrecoverableError). A message
 * that is sound but meant for other code or data is this worker's fault, not the job's: the job goes
 * back to the queue for another worker and this one stops, saying why. A job whose record says failed
 * is thrown back for BullMQ to retry with backoff, until its last attempt, whose failed record is
 * returned like any other result; settings and allocation failures are returned at once (they fail the
 * same way every time). A worker whose jobs fail `quarantineAfter` times in a row for its machine's
 * reasons (kernels unavailable, allocation) gives the last one back and stops (journal/failure.ts).
 *
 * Stopping: `finish()` takes no new job and lets the running ones end; `giveBack()` stops the running
 * ones and moves them back to the queue's waiting list for another worker. Each step that needs Redis
 * gets `stopTimeoutMs`: past it the stop ends anyway and `WorkerStop.unsent` says what was not handed
 * back. A worker that dies instead (SIGKILL, a lost machine) stops renewing its jobs' locks; after
 * `lockDurationMs` another worker's stalled-job check (every `stalledIntervalMs`) puts them back, up
 * to `maxStalledCount` times. Each job checkpoints as locally and attaches its latest checkpoint to itself
 * in Redis (worker-checkpoints.ts), so the worker that takes it next continues from there.
 */
import { hostname } from 'node:os';
import { Job as QueueJob, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { TrainingPosition } from '../../core/training-state.js';
import { TRAINING_CODE_VERSION } from '../../core/version.js';
import type { Dataset } from '../../data/dataset.js';
import { failureCause } from '../../journal/failure.js';
import type { JobRecord } from '../../journal/record.js';
import { PoolLauncher } from '../../launch/pool.js';
import { jobLabel } from '../../sweep/label.js';
import type { Job } from '../../sweep/job.js';
import { checkJobMessage, type JobMessage, type MessageRunSettings } from '../job-message.js';
import { WorkerCheckpoints } from './worker-checkpoints.js';
import { signedResult } from '../signature.js';
import { type QueueConnection, connectRedis, redisOptions } from './connection.js';
import type { WorkerQueueSettings } from './settings.js';
import { reportErrors } from './warnings.js';
import { withinLimit } from './within.js';

/** What a worker tells as it goes (the CLI prints these; tests watch them). */
export type WorkerEvent =
  | { type: 'start'; queueId: string; label: string; attempt: number }
  /** The job continues from the checkpoint attached to it (by `by`, host:pid; null if unsaid), at `position`. */
  | { type: 'resumed'; queueId: string; position: TrainingPosition; by: string | null }
  | { type: 'end'; queueId: string; label: string; record: JobRecord; retrying: boolean }
  | { type: 'refused'; queueId: string; reason: string }
  | { type: 'returned'; queueId: string }
  /** `failed`: it stalled once more than maxStalledCount allows, and BullMQ failed it instead of requeuing it. */
  | { type: 'stalled'; queueId: string; failed: boolean }
  | { type: 'warning'; message: string };

/** Why the worker stopped, and what it could not hand back to Redis in time. */
export interface WorkerStop {
  /** null: asked to (finish, giveBack); otherwise the worker stopped itself, and this says why. */
  reason: string | null;
  /** `<queue id>: <what was not done>` for each job not handed back within the stop limit. */
  unsent: string[];
  /** False when closing the connection did not end within the limit. */
  closed: boolean;
}

export interface QueueWorkerOptions {
  connection: QueueConnection;
  settings: WorkerQueueSettings;
  dataset: Dataset;
  onEvent?: (event: WorkerEvent) => void;
  /** The pool's worker module (tests substitute misbehaving ones). */
  workerFile?: string;
}

type Stage = 'training' | 'sending its record' | 'giving it back' | 'reporting its failure';

export class QueueWorker {
  /** `host:pid`: named in refusals and stored by BullMQ on the jobs this process takes. */
  readonly name = `${hostname()}:${process.pid}`;
  /** Resolves once the worker has stopped: asked to, or by itself (see WorkerStop.reason). */
  readonly stopped: Promise<WorkerStop>;
  private readonly pool: PoolLauncher;
  private readonly worker: Worker<JobMessage, unknown>;
  /** Its jobs' checkpoints, attached to them in Redis (worker-checkpoints.ts). */
  private readonly checkpoints: WorkerCheckpoints;
  private readonly emit: (event: WorkerEvent) => void;
  /** Jobs this process holds, and what it is doing with each. */
  private readonly held = new Map<string, Stage>();
  private readonly onTrained = new Set<() => void>();
  private stopping: Promise<WorkerStop> | null = null;
  private selfStop: string | null = null;
  private machineFailures = 0;
  private resolveStopped!: (stop: WorkerStop) => void;

  private constructor(private readonly options: QueueWorkerOptions) {
    this.emit = options.onEvent ?? (() => {});
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
    const { settings, dataset } = options;
    this.pool = new PoolLauncher(dataset, { workers: settings.workers, workerFile: options.workerFile });
    this.worker = new Worker<JobMessage, unknown>(settings.name, (job, token, signal) => this.process(job, token, signal), {
      connection: redisOptions(options.connection),
      name: this.name,
      concurrency: settings.workers,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      maxStalledCount: settings.maxStalledCount,
      autorun: false,
    });
    const warn = (message: string): void => this.emit({ type: 'warning', message });
    this.checkpoints = new WorkerCheckpoints(options.connection, settings, this.name, dataset, (id) => this.worker.toKey(id), warn);
    reportErrors([this.worker, this.checkpoints.redis], options.connection, warn, 'queue connection');
    this.worker.on('stalled', (jobId) => void this.onStalled(jobId));
    // a job is handed back once BullMQ has moved it out of active
    this.worker.on('completed', (job) => {
      this.release(job.id);
      // its result is kept: so is nothing else (the coordinator deletes it too, when it takes the result)
      if (job.id !== undefined) this.checkpoints.drop(job.id);
    });
    this.worker.on('failed', (job) => this.release(job?.id));
  }

  /** Connects (failing at once, clearly, on a wrong address or password) and starts taking jobs. */
  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    (await connectRedis(options.connection)).disconnect();
    const worker = new QueueWorker(options);
    void worker.worker.run().catch((error: unknown) => worker.emit({ type: 'warning', message: String(error) }));
    await worker.worker.waitUntilReady();
    return worker;
  }

  /** Takes no new job; resolves when the running ones have ended and everything is closed (or the limit passed). */
  finish(): Promise<WorkerStop> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  /** Stops the running jobs and gives them back to the queue, then closes. */
  giveBack(): Promise<WorkerStop> {
    this.worker.cancelAllJobs('the worker is stopping');
    return this.finish();
  }

  /**
   * The stop, step by step: take no new job; wait for the jobs that train (their own time, not a
   * Redis step); then give handing back and closing `stopTimeoutMs`; then close the pool. Whatever did
   * not end in time is reported, and the connections are dropped so the process can exit.
   */
  private async stop(): Promise<WorkerStop> {
    const limit = this.options.settings.stopTimeoutMs;
    const closing = this.worker.close();
    await this.untilTrained();
    const closed = await withinLimit(closing, limit);
    const unsent = [...this.held].map(([id, stage]) => `${id}: ${stage}`);
    if (!closed) void this.worker.disconnect().catch(() => {});
    await this.checkpoints.close();
    await withinLimit(this.pool.close(), limit);
    const stop: WorkerStop = { reason: this.selfStop, unsent, closed };
    this.resolveStopped(stop);
    return stop;
  }

  private async onStalled(queueId: string): Promise<void> {
    let failed = false;
    try {
      // over the limit, BullMQ marks the job to fail (`deferredFailure`) when a worker next takes it
      failed = Boolean((await QueueJob.fromId(this.worker, queueId))?.deferredFailure);
    } catch {
      // unknown: told as requeued, as BullMQ's own event says
    }
    this.emit({ type: 'stalled', queueId, failed });
  }

  private untilTrained(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if ([...this.held.values()].includes('training')) return;
        this.onTrained.delete(check);
        resolve();
      };
      this.onTrained.add(check);
      check();
    });
  }

  private stage(queueId: string, stage: Stage): void {
    this.held.set(queueId, stage);
    for (const check of [...this.onTrained]) check();
  }

  private release(queueId: string | undefined): void {
    if (queueId === undefined) return;
    this.held.delete(queueId);
    for (const check of [...this.onTrained]) check();
  }

  /** Stops this worker (not the job): it gives `queueId` back and takes nothing more. */
  private quit(reason: string): void {
    this.selfStop ??= reason;
    void this.finish();
  }

  private async process(job: QueueJob<JobMessage, unknown>, token: string | undefined, signal?: AbortSignal): Promise<unknown> {
    const queueId = job.id ?? '(no id)';
    const { settings } = this.options;
    const check = checkJobMessage(job.data, {
      codeVersion: TRAINING_CODE_VERSION,
      datasetDigest: this.options.dataset.digest,
      secret: settings.secret,
    });
    if (!check.ok && check.fault === 'receiver') {
      // sound, but for other code or data: another worker can run it, this one cannot run any
      this.quit(`this worker cannot run the queue's jobs: job ${queueId} ${check.reason}`);
      return this.handBack(job, token, queueId);
    }
    if (!check.ok) return this.refuse(queueId, check.reason);
    const misnaming = misnamed(job, check.job);
    if (misnaming !== null) return this.refuse(queueId, misnaming);
    return this.runJob(job, check.job, check.message.run ?? null, token, signal);
  }

  private async runJob(
    job: QueueJob<JobMessage, unknown>,
    planned: Job,
    run: MessageRunSettings | null,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const queueId = job.id!;
    const label = jobLabel(planned);
    const attempts = job.opts.attempts ?? 1;
    this.stage(queueId, 'training');
    this.emit({ type: 'start', queueId, label, attempt: job.attemptsMade + 1 });
    const attachment = await this.checkpoints.open(queueId, planned, run);
    const record = await this.pool.run(
      planned,
      signal ?? new AbortController().signal,
      {
        // best effort, like local progress: a lost update only delays the display
        onEpoch: (_, metrics) => void job.updateProgress(metrics).catch(() => {}),
        onResume: (_, position) => {
          this.emit({ type: 'resumed', queueId, position, by: attachment.by });
          void job.updateProgress({ resumed: position }).catch(() => {});
        },
        onWarning: (_, message) => this.emit({ type: 'warning', message }),
      },
      attachment.place,
    );
    // the last checkpoint goes with a job given back; a finished job's is no longer needed
    await attachment.end(record !== null);
    // stopped by giveBack(): back to the waiting list, not counted as an attempt
    if (record === null) return this.handBack(job, token, queueId);
    const cause = record.status === 'failed' ? failureCause(record.error) : null;
    this.machineFailures = cause === 'kernels' || cause === 'allocation' ? this.machineFailures + 1 : 0;
    if (this.machineFailures >= this.options.settings.quarantineAfter) {
      this.quit(
        `${this.machineFailures} jobs in a row failed for this machine's reasons (the last: ${record.error?.message}): ` +
          'stopped, so as not to fail the rest of the queue; check the machine (mlp-sweep doctor)',
      );
      return this.handBack(job, token, queueId);
    }
    const retryable = cause !== null && cause !== 'settings' && cause !== 'allocation';
    const retrying = retryable && job.attemptsMade + 1 < attempts;
    this.emit({ type: 'end', queueId, label, record, retrying });
    if (retrying) {
      this.stage(queueId, 'reporting its failure');
      throw new Error(record.error?.message ?? 'the job failed');
    }
    this.stage(queueId, 'sending its record');
    return signedResult(record, this.options.settings.secret);
  }

  private refuse(queueId: string, reason: string): never {
    this.emit({ type: 'refused', queueId, reason });
    throw new UnrecoverableError(`refused by worker ${this.name}: ${reason}`);
  }

  /** Moves the job back to the waiting list (not an attempt), and tells BullMQ it is no longer ours. */
  private async handBack(job: QueueJob<JobMessage, unknown>, token: string | undefined, queueId: string): Promise<never> {
    this.stage(queueId, 'giving it back');
    await job.moveToWait(token);
    this.release(queueId);
    this.emit({ type: 'returned', queueId });
    throw new WaitingError();
  }
}

/** A message whose queue id or name does not match its contents; null when they match. */
function misnamed(job: QueueJob<JobMessage, unknown>, planned: Job): string | null {
  if (job.id !== `${planned.sweep}/${planned.id}`) return `its queue id ${job.id} is not <sweep>/<content id> (${planned.sweep}/${planned.id})`;
  if (job.name !== planned.kind) return `its name "${job.name}" is not its kind "${planned.kind}"`;
  return null;
}
