/**
 * The queue launcher: runs jobs on BullMQ workers anywhere, for a coordinator that stays the only
 * writer of its journal. `run(job)` enqueues the job as `<sweep>/<content id>` and resolves with the
 * record its worker returned through the queue (BullMQ's return value, checked: result-check.ts), a
 * failed record when BullMQ gave up on it, or null when the signal stopped the wait.
 *
 * Restart semantics. Adding a job whose id is already on the queue is a no-op in BullMQ, so a
 * restarted (or a second) coordinator never enqueues work twice: it waits for the job already there,
 * and a job that already finished resolves at once from the result Redis keeps (`keepHours`). What a
 * job that BullMQ holds as finished means depends on `rerun`, the coordinator's --retry-failed/--force:
 * by default a failed one resolves failed (it is a result not yet journaled); 'failed' retries it;
 * 'all' removes a finished job and enqueues it afresh.
 *
 * Redis loss (redis-watch.ts). When the connection comes back after an outage, every awaited job is
 * looked up: one that finished meanwhile resolves, one that is gone (Redis restarted without its data)
 * is enqueued again with a warning (its content id makes that safe). An outage of `outageLimitMs`
 * ends every wait and calls `onLost`: the coordinator stops, with its journal intact.
 *
 * Stopping (the signal): the wait ends and the job stays on the queue. Jobs are neither removed nor
 * cancelled: a worker may be running one, another coordinator may be waiting for it, and the result of
 * a job that finishes anyway is kept for the next run, which collects it without running it again.
 * `close()` gives Redis `stopTimeoutMs`, then drops the connections.
 */
import { performance } from 'node:perf_hooks';
import { Job as QueueJob, Queue, QueueEvents } from 'bullmq';
import type { EpochMetrics } from '../../core/metrics.js';
import type { TrainingPosition } from '../../core/training-state.js';
import { TRAINING_CODE_VERSION } from '../../core/version.js';
import type { JobRecord } from '../../journal/record.js';
import type { JobPlace, LaunchHooks, Launcher } from '../../launch/launcher.js';
import { failedRecord } from '../../execute/execute-job.js';
import type { Job, Plan } from '../../sweep/job.js';
import { QueueConnectionError, QueueJobError } from '../errors.js';
import { type MessageRunSettings, jobMessage } from '../job-message.js';
import { planHash } from '../plan-hash.js';
import { adoptRecord, recordProblem } from '../result-check.js';
import { openResult } from '../signature.js';
import { type QueueConnection, connectRedis, redact, redisOptions } from './connection.js';
import { RedisWatch, type WatchedClient } from './redis-watch.js';
import { type CoordinatorQueueSettings, QUEUE_DEFAULTS, attachedKey, queueJobId } from './settings.js';
import { type Warn, reportErrors } from './warnings.js';
import { type Outcome, Waiter } from './waiter.js';
import { withinLimit } from './within.js';

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
  /** Called once if Redis stays unreachable for `settings.outageLimitMs`; every wait has then ended. */
  onLost?: (error: QueueConnectionError) => void;
}

export class QueueLauncher implements Launcher {
  readonly name = 'queue';
  /** Every job of the plans at once: the queue, not the coordinator, decides what runs when. */
  readonly concurrency: number;
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** One abort listener per signal, whatever the number of jobs waiting on it. */
  private readonly bySignal = new WeakMap<AbortSignal, Set<Waiter>>();
  private readonly hashes = new Map<string, string>();
  private readonly watch: RedisWatch;
  private readonly warn: Warn;
  private closed = false;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    client: WatchedClient,
    private readonly options: QueueLauncherOptions & { rerun: Rerun },
  ) {
    this.warn = options.onWarning ?? (() => {});
    this.concurrency = Math.max(1, options.plans.reduce((n, plan) => n + plan.jobs.length, 0));
    for (const plan of options.plans) this.hashes.set(plan.sweep, this.hashOf(plan.sweep, plan.jobs));
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, { kind: 'completed', value: returnvalue }));
    events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, { kind: 'failed', reason: failedReason }));
    events.on('active', ({ jobId }) => this.each(jobId, (w) => w.start()));
    events.on('progress', ({ jobId, data }) => {
      if (isEpochMetrics(data)) this.each(jobId, (w) => w.epoch(data));
      else if (isResume(data)) this.each(jobId, (w) => w.resume(data.resumed));
    });
    this.watch = new RedisWatch({
      client,
      limitMs: options.settings.outageLimitMs,
      pingMs: Math.min(5_000, options.settings.outageLimitMs / 2),
      onDown: () => this.warn(`Redis at ${options.connection.display} is unreachable; waiting for it (at most ${seconds(options.settings.outageLimitMs)})`),
      onBack: (ms) => void this.recheck(ms),
      onLost: (ms) => this.lose(ms),
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
      return new QueueLauncher(queue, events, (await queue.getBackend().client) as unknown as WatchedClient, { ...options, rerun: options.rerun ?? 'none', onWarning: warn });
    } catch (error) {
      await queue.close();
      throw error;
    } finally {
      client.disconnect();
    }
  }

  async run(job: Job, signal: AbortSignal, hooks: LaunchHooks = {}, place?: JobPlace): Promise<JobRecord | null> {
    if (signal.aborted || this.closed) return null;
    const id = queueJobId(job);
    const started = performance.now();
    const waiter = new Waiter(job, hooks, place?.run ?? null);
    this.register(id, waiter, signal);
    try {
      // registered before the job is added, so its end cannot slip between the two; a stop (or an
      // outage past its limit) ends the wait even while Redis does not answer the add
      const enqueued = this.enqueue(job, id, waiter.run).then((finished) => finished && waiter.settle(finished));
      await Promise.race([enqueued, waiter.outcome]);
      enqueued.catch(() => {});
      const outcome = await waiter.outcome;
      // the result is accepted: the checkpoint attached to the job is no longer a shortcut to anything
      if (outcome !== null) void this.dropAttached(id);
      return this.recordOf(outcome, job, started);
    } catch (error) {
      if (signal.aborted || this.closed) return null;
      // Redis refused: the job has no result; a failed record says so, and a rerun retries it
      const reason = redact(error instanceof Error ? error.message : String(error), this.options.connection);
      return this.failed(job, started, `could not run job ${id} through the queue at ${this.options.connection.display}: ${reason}`);
    } finally {
      this.unregister(id, waiter, signal);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watch.stop();
    for (const waiters of this.waiters.values()) for (const waiter of waiters) waiter.settle(null);
    const closing = Promise.allSettled([this.events.close(), this.queue.close()]);
    if (this.watch.isDown || !(await withinLimit(closing, QUEUE_DEFAULTS.stopTimeoutMs))) {
      // Redis does not answer: drop the connections, or they keep the process alive reconnecting
      // (not awaited: with the server gone, nothing settles them)
      void Promise.allSettled([this.events.disconnect(), this.queue.disconnect()]);
    }
  }

  private register(id: string, waiter: Waiter, signal: AbortSignal): void {
    let waiters = this.waiters.get(id);
    if (!waiters) this.waiters.set(id, (waiters = new Set()));
    waiters.add(waiter);
    let onSignal = this.bySignal.get(signal);
    if (!onSignal) {
      const set = (onSignal = new Set());
      this.bySignal.set(signal, set);
      signal.addEventListener('abort', () => set.forEach((w) => w.settle(null)), { once: true });
    }
    onSignal.add(waiter);
  }

  private unregister(id: string, waiter: Waiter, signal: AbortSignal): void {
    this.bySignal.get(signal)?.delete(waiter);
    const waiters = this.waiters.get(id);
    waiters?.delete(waiter);
    if (waiters?.size === 0) this.waiters.delete(id);
  }

  /** What a run resolves with, for the outcome its wait ended with. */
  private recordOf(outcome: Outcome, job: Job, started: number): JobRecord | null {
    if (outcome === null) return null;
    if (outcome.kind === 'failed') return this.failed(job, started, `the queue gave up on job ${queueJobId(job)}: ${outcome.reason}`);
    const opened = openResult(outcome.value, this.options.settings.secret);
    const problem = 'problem' in opened ? opened.problem : recordProblem(opened.record, job, this.options.datasetDigest);
    if (problem !== null) return this.failed(job, started, `the queue returned ${problem} for job ${queueJobId(job)}`);
    return adoptRecord((opened as { record: JobRecord }).record, job);
  }

  /** Adds the job (a no-op when its id is already there) and returns its outcome if it has finished. */
  private async enqueue(job: Job, id: string, run: MessageRunSettings | null): Promise<Outcome> {
    await this.applyRerun(id);
    const { settings, datasetDigest } = this.options;
    const hash = this.hashes.get(job.sweep) ?? this.hashOf(job.sweep, [job]);
    const keep = { age: settings.keepHours * 3600 };
    await this.queue.add(job.kind, jobMessage(job, hash, datasetDigest, settings.secret, run), {
      jobId: id,
      attempts: settings.retries + 1,
      backoff: { type: 'exponential', delay: settings.backoffMs },
      removeOnComplete: keep,
      removeOnFail: keep,
    });
    // it may have finished before (a restarted coordinator) or just now, before any event was read
    return this.finishedOutcome(id);
  }

  /** --retry-failed retries a job BullMQ holds as failed; --force removes a finished one. */
  private async applyRerun(id: string): Promise<void> {
    const { rerun } = this.options;
    if (rerun === 'none') return;
    const existing = await QueueJob.fromId(this.queue, id);
    if (!existing) return;
    const state = await existing.getState();
    if (state === 'failed') {
      await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    } else if (state === 'completed' && rerun === 'all') {
      await existing.remove();
    }
  }

  /** The outcome of a job that has finished on the queue; null while it has not (or is gone). */
  private async finishedOutcome(id: string): Promise<Outcome> {
    const state = await this.queue.getJobState(id);
    if (state !== 'completed' && state !== 'failed') return null;
    const job = await QueueJob.fromId(this.queue, id);
    if (!job) return null; // removed by its age since: the events may still tell, or the run stops
    return state === 'completed' ? { kind: 'completed', value: job.returnvalue } : { kind: 'failed', reason: job.failedReason };
  }

  /** After an outage: settle what finished meanwhile, enqueue again what Redis lost. */
  private async recheck(downForMs: number): Promise<void> {
    if (this.closed) return;
    const ids = [...this.waiters.keys()];
    this.warn(`Redis at ${this.options.connection.display} is back after ${seconds(downForMs)}; checking the ${ids.length} jobs awaited`);
    for (const id of ids) {
      const waiter = this.waiters.get(id)?.values().next().value;
      if (!waiter) continue;
      try {
        if ((await this.queue.getJobState(id)) === 'unknown') {
          this.warn(`job ${id} is no longer on the queue (Redis restarted without its data?): enqueued again`);
          const finished = await this.enqueue(waiter.job, id, waiter.run);
          if (finished) this.settle(id, finished);
        } else {
          const finished = await this.finishedOutcome(id);
          if (finished) this.settle(id, finished);
        }
      } catch (error) {
        this.warn(`job ${id} could not be checked after the outage: ${redact(String(error), this.options.connection)}`);
      }
    }
  }

  private lose(downForMs: number): void {
    const error = new QueueConnectionError(
      `Redis at ${this.options.connection.display} was unreachable for ${seconds(downForMs)} (--redis-outage-limit): stopped waiting; ` +
        'every record received is in the journal, and the jobs still queued stay there',
      { hint: 'bring Redis back and run the same command again: it collects what finished and enqueues what is missing' },
    );
    for (const waiters of this.waiters.values()) for (const waiter of waiters) waiter.settle(null);
    this.options.onLost?.(error);
  }

  /** Deletes the checkpoint a worker attached to the job (attached-checkpoint.ts); a failure only warns (it expires). */
  private async dropAttached(id: string): Promise<void> {
    try {
      await (await this.queue.getBackend().client).del(attachedKey(this.queue.toKey(id)));
    } catch (error) {
      this.warn(`the checkpoint attached to job ${id} was not deleted (it expires on its own): ${redact(String(error), this.options.connection)}`);
    }
  }

  private hashOf(sweep: string, jobs: readonly Job[]): string {
    return planHash({ sweep, code_version: TRAINING_CODE_VERSION, dataset_digest: this.options.datasetDigest, jobs });
  }

  private each(jobId: string, act: (waiter: Waiter) => void): void {
    for (const waiter of this.waiters.get(jobId) ?? []) act(waiter);
  }

  private settle(jobId: string, outcome: Outcome): void {
    this.each(jobId, (waiter) => waiter.settle(outcome));
  }

  private failed(job: Job, started: number, message: string): JobRecord {
    return failedRecord(job, new QueueJobError(message), (performance.now() - started) / 1000, this.options.datasetDigest);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A worker's word that the job continues from its attached checkpoint (display only: the record says it too). */
function isResume(data: unknown): data is { resumed: TrainingPosition } {
  const position = (data as { resumed?: Partial<TrainingPosition> } | null)?.resumed;
  return typeof position === 'object' && position !== null && Number.isSafeInteger(position.epoch) && Number.isSafeInteger(position.batch);
}

function isEpochMetrics(data: unknown): data is EpochMetrics {
  const m = data as Partial<EpochMetrics> | null;
  return m !== null && typeof m === 'object' && typeof m.epoch === 'number' && typeof m.validation_accuracy === 'number';
}
