/**
 * The queue launcher: runs jobs on BullMQ workers anywhere, for a coordinator that stays the only
 * writer of its journal. `run(job)` enqueues the job as `<sweep>/<content id>` and resolves with the
 * record its worker returned through the queue (BullMQ's return value), a failed record when BullMQ
 * gave up on it, or null when the signal stopped the wait.
 *
 * Restart semantics. Adding a job whose id is already on the queue is a no-op in BullMQ, so a
 * restarted (or a second) coordinator never enqueues work twice: it waits for the job already there,
 * and a job that already finished resolves at once from the result Redis keeps (`keepHours`). What a
 * job that BullMQ holds as finished means depends on `rerun`, the coordinator's --retry-failed/--force:
 * by default a failed one resolves failed (it is a result not yet journaled); 'failed' retries it;
 * 'all' removes a finished job and enqueues it afresh.
 *
 * Stopping (the signal): the wait ends and the job stays on the queue. Jobs are neither removed nor
 * cancelled: a worker may be running one, another coordinator may be waiting for it, and the result of
 * a job that finishes anyway is kept for the next run, which collects it without running it again.
 */
import { performance } from 'node:perf_hooks';
import { Job as QueueJob, Queue, QueueEvents } from 'bullmq';
import type { EpochMetrics } from '../../core/metrics.js';
import { TRAINING_CODE_VERSION } from '../../core/version.js';
import type { JobRecord } from '../../journal/record.js';
import { checkRecord } from '../../journal/check.js';
import type { LaunchHooks, Launcher } from '../../launch/launcher.js';
import { failedRecord } from '../../execute/execute-job.js';
import type { Job, Plan } from '../../sweep/job.js';
import { QueueJobError } from '../errors.js';
import { jobMessage } from '../job-message.js';
import { planHash } from '../plan-hash.js';
import { type QueueConnection, connectRedis, redact, redisOptions } from './connection.js';
import { type CoordinatorQueueSettings, queueJobId } from './settings.js';
import { type Warn, reportErrors } from './warnings.js';

export type Rerun = 'none' | 'failed' | 'all';

export interface QueueLauncherOptions {
  connection: QueueConnection;
  settings: CoordinatorQueueSettings;
  /** The plans whose jobs will be run: their hashes go with each job, and their size bounds the lanes. */
  plans: readonly Plan[];
  /** The coordinator's dataset digest: workers refuse jobs planned on another dataset. */
  datasetDigest: string;
  rerun?: Rerun;
  onWarning?: Warn;
}

type Outcome = { kind: 'completed'; value: unknown } | { kind: 'failed'; reason: string } | null;

interface Waiter {
  settle: (outcome: Outcome) => void;
  onEpoch?: (metrics: EpochMetrics) => void;
  /** Once, when a worker takes the job (or its first progress arrives, if the start went unseen). */
  onStart?: () => void;
}

export class QueueLauncher implements Launcher {
  readonly name = 'queue';
  /** Every job of the plans at once: the queue, not the coordinator, decides what runs when. */
  readonly concurrency: number;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly hashes = new Map<string, string>();
  private closed = false;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly options: QueueLauncherOptions & { rerun: Rerun },
  ) {
    this.concurrency = Math.max(1, options.plans.reduce((n, plan) => n + plan.jobs.length, 0));
    for (const plan of options.plans) {
      this.hashes.set(
        plan.sweep,
        planHash({ sweep: plan.sweep, code_version: TRAINING_CODE_VERSION, dataset_digest: options.datasetDigest, jobs: plan.jobs }),
      );
    }
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, { kind: 'completed', value: returnvalue }));
    events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, { kind: 'failed', reason: failedReason }));
    events.on('active', ({ jobId }) => {
      for (const waiter of this.waiters.get(jobId) ?? []) waiter.onStart?.();
    });
    events.on('progress', ({ jobId, data }) => {
      if (!isEpochMetrics(data)) return;
      for (const waiter of this.waiters.get(jobId) ?? []) {
        waiter.onStart?.();
        waiter.onEpoch?.(data);
      }
    });
  }

  /** Connects (failing at once, clearly, on a wrong address or password) and starts listening. */
  static async open(options: QueueLauncherOptions): Promise<QueueLauncher> {
    const warn = options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`));
    const client = await connectRedis(options.connection);
    const connection = redisOptions(options.connection);
    const queue = new Queue(options.settings.name, { connection });
    try {
      // Listen from the stream's current end, fixed now: an event between this moment and the
      // listener's first read is not missed (BullMQ's default '$' is taken at that first read).
      const [last] = await client.xrevrange(queue.keys.events, '+', '-', 'COUNT', 1);
      const events = new QueueEvents(options.settings.name, { connection, lastEventId: last?.[0] ?? '0-0' });
      reportErrors([queue, events], options.connection, warn, 'queue connection');
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      return new QueueLauncher(queue, events, { ...options, rerun: options.rerun ?? 'none', onWarning: warn });
    } catch (error) {
      await queue.close();
      throw error;
    } finally {
      client.disconnect();
    }
  }

  async run(job: Job, signal: AbortSignal, hooks: LaunchHooks = {}): Promise<JobRecord | null> {
    if (signal.aborted || this.closed) return null;
    const id = queueJobId(job);
    const started = performance.now();
    let settle!: (outcome: Outcome) => void;
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
    let done = false;
    let startReported = false;
    const waiter: Waiter = {
      settle: (o) => {
        if (done) return;
        done = true;
        settle(o);
      },
      onEpoch: hooks.onEpoch ? (m) => hooks.onEpoch!(job.id, m) : undefined,
      onStart: () => {
        if (startReported) return;
        startReported = true;
        hooks.onStart?.(job.id);
      },
    };
    const onAbort = (): void => waiter.settle(null);
    signal.addEventListener('abort', onAbort, { once: true });
    let waiters = this.waiters.get(id);
    if (!waiters) this.waiters.set(id, (waiters = new Set()));
    waiters.add(waiter);
    try {
      // registered before the job is added, so its end cannot slip between the two
      const finished = await this.enqueue(job, id);
      if (finished) waiter.settle(finished);
      const result = await outcome;
      if (result === null) return null;
      if (result.kind === 'failed') {
        return this.failed(job, started, `the queue gave up on job ${id}: ${result.reason}`);
      }
      return this.checked(result.value, job, started);
    } catch (error) {
      if (signal.aborted || this.closed) return null;
      // Redis refused or is gone: the job has no result; a failed record says so, and a rerun retries it
      const reason = redact(error instanceof Error ? error.message : String(error), this.options.connection);
      return this.failed(job, started, `could not run job ${id} through the queue at ${this.options.connection.display}: ${reason}`);
    } finally {
      signal.removeEventListener('abort', onAbort);
      waiters.delete(waiter);
      if (waiters.size === 0) this.waiters.delete(id);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiters of this.waiters.values()) for (const waiter of waiters) waiter.settle(null);
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }

  /** Adds the job (a no-op when its id is already there) and returns its outcome if it has finished. */
  private async enqueue(job: Job, id: string): Promise<Outcome> {
    const { settings, rerun } = this.options;
    const existing = await QueueJob.fromId(this.queue, id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'failed' && rerun !== 'none') {
        await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } else if ((state === 'completed' || state === 'failed') && rerun === 'all') {
        await existing.remove();
      }
    }
    const hash = this.hashes.get(job.sweep) ?? planHash({
      sweep: job.sweep,
      code_version: TRAINING_CODE_VERSION,
      dataset_digest: this.options.datasetDigest,
      jobs: [job],
    });
    const keep = { age: settings.keepHours * 3600 };
    await this.queue.add(job.kind, jobMessage(job, hash, this.options.datasetDigest), {
      jobId: id,
      attempts: settings.retries + 1,
      backoff: { type: 'exponential', delay: settings.backoffMs },
      removeOnComplete: keep,
      removeOnFail: keep,
    });
    // it may have finished before (a restarted coordinator) or just now, before any event was read
    const state = await this.queue.getJobState(id);
    if (state !== 'completed' && state !== 'failed') return null;
    const now = await QueueJob.fromId(this.queue, id);
    if (!now) return null; // removed by its age since: the events may still tell, or the run stops
    return state === 'completed' ? { kind: 'completed', value: now.returnvalue } : { kind: 'failed', reason: now.failedReason };
  }

  private settle(jobId: string, outcome: Outcome): void {
    for (const waiter of this.waiters.get(jobId) ?? []) waiter.settle(outcome);
  }

  private failed(job: Job, started: number, message: string): JobRecord {
    return failedRecord(job, new QueueJobError(message), (performance.now() - started) / 1000, this.options.datasetDigest);
  }

  /** The queue is input too: a record is taken only if it is this job's, from this code and dataset. */
  private checked(value: unknown, job: Job, started: number): JobRecord {
    const record = value as Partial<JobRecord> | null;
    const problem =
      record === null || typeof record !== 'object'
        ? 'no record'
        : record.id !== job.id || record.sweep !== job.sweep
          ? `a record of ${String(record.sweep)}/${String(record.id)}`
          : checkRecord(record).verdict !== 'valid'
            ? 'a record that is not a valid job record'
            : record.code_version !== TRAINING_CODE_VERSION
              ? `a record of training-code version ${String(record.code_version)}`
              : record.dataset_digest !== this.options.datasetDigest
                ? 'a record computed on another dataset'
                : null;
    if (problem === null) return record as JobRecord;
    return this.failed(job, started, `the queue returned ${problem} for job ${queueJobId(job)}`);
  }
}

function isEpochMetrics(data: unknown): data is EpochMetrics {
  const m = data as Partial<EpochMetrics> | null;
  return m !== null && typeof m === 'object' && typeof m.epoch === 'number' && typeof m.validation_accuracy === 'number';
}
