/**
 * The coordinator: takes plans, decides which jobs still need to run (resume), hands them to a
 * launcher while keeping its concurrency busy, and appends every result to its sweep's journal the
 * moment it arrives. It is the only writer of journals; launchers only run jobs.
 *
 * Resume follows journal/resume.ts (by job id). New records are appended, and readers take the
 * latest record of an id.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type SweepLock, acquireLock } from '../journal/lock.js';
import { removeStrayTemporaries } from '../fs/atomic-write.js';
import { writePlanFile } from '../journal/plan-file.js';
import { latestById, readJournal } from '../journal/read.js';
import type { JobRecord } from '../journal/record.js';
import { jobsToRun } from '../journal/resume.js';
import { JournalWriter } from '../journal/writer.js';
import type { Launcher } from '../launch/launcher.js';
import { type RunSettings, resolveRunSettings } from '../core/run-settings.js';
import { checkpointFile, removeCheckpoint } from '../journal/checkpoint/store.js';
import type { Job, Plan } from '../sweep/job.js';
import type { RunEvent, RunSummary } from './events.js';
import { jobLabel } from '../sweep/label.js';
import { EarlyStoppingSweep } from './early-stopping-sweep.js';

export interface RunOptions {
  /** The results root; each sweep gets `<resultsDir>/<sweep name>/`. */
  resultsDir: string;
  force?: boolean;
  retryFailed?: boolean;
  failFast?: boolean;
  /** Aborting it stops the run: no new jobs, in-flight ones stopped, everything finished kept. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Run settings over every plan's own (the command line's --keep-models, --no-checkpoint). */
  run?: Partial<RunSettings>;
  /** Called after each record is journaled (the live report); its errors become warnings. */
  afterRecord?: (sweepDir: string, record: JobRecord) => Promise<void> | void;
  /** Take each sweep's lock whatever it says (--break-lock). */
  breakLock?: boolean;
}

interface SweepState {
  plan: Plan;
  dir: string;
  lock: SweepLock;
  journal: JournalWriter;
  /** A plan with early stopping: its scheduler hands out rung runs, its decisions are journaled too. */
  asha: EarlyStoppingSweep | null;
}

async function openSweep(
  plan: Plan,
  options: RunOptions,
  emit: (e: RunEvent) => void,
): Promise<{ state: SweepState; todo: Job[]; remaining: number }> {
  const dir = path.join(options.resultsDir, plan.sweep);
  mkdirSync(dir, { recursive: true });
  const lock = acquireLock(dir, { breakLock: options.breakLock });
  let journal: JournalWriter | null = null;
  try {
    removeStrayTemporaries(dir);
    // opened first, so that a torn last record is cut off (one warning) before the journal is read
    journal = new JournalWriter(dir);
    if (journal.repaired) emit({ type: 'warning', message: journal.repaired });
    const { records, warnings } = readJournal(dir);
    for (const message of warnings) emit({ type: 'warning', message });
    const latest = latestById(records);
    const { todo, skipped } = jobsToRun(plan, latest, options);
    await writePlanFile(dir, plan);
    const { earlyStopping } = plan;
    const asha = earlyStopping ? EarlyStoppingSweep.open({ ...plan, earlyStopping }, dir, latest, options, journal, emit) : null;
    emit({
      type: 'sweep',
      sweep: plan.sweep,
      dir,
      jobs: plan.jobs.length,
      to_run: todo.length,
      skipped,
      took_over_lock: lock.tookOver,
    });
    // with early stopping, the scheduler hands out the trials' rung runs as decisions allow
    return { state: { plan, dir, lock, journal, asha }, todo: asha ? [] : todo, remaining: todo.length };
  } catch (error) {
    journal?.close();
    lock.release();
    throw error;
  }
}

function emptySummary(): RunSummary {
  return { ok: 0, diverged: 0, failed: 0, stopped: 0, not_run: 0, skipped: 0, interrupted: false, stopped_by_failure: false, seconds: 0, dirs: [] };
}

/**
 * One run's dispatch: `launcher.concurrency` lanes take the next queued job in turn; each job is run,
 * journaled, announced and reported in named steps. The state the lanes share is this object's fields.
 */
class Dispatch {
  readonly stop = new AbortController();
  /** The first journal write that failed: the run stops, and it is rethrown when the lanes are done. */
  writeError: unknown = null;
  private next = 0;
  private running = 0;
  /** Wakes the lanes waiting for a rung run that a decision may release. */
  private wake: () => void = () => {};
  private changed = new Promise<void>((resolve) => (this.wake = resolve));

  /** Wakes every waiting lane, and sets the next promise they will wait on. */
  private notify(): void {
    const wake = this.wake;
    this.changed = new Promise<void>((resolve) => (this.wake = resolve));
    wake();
  }

  constructor(
    private readonly queue: readonly Job[],
    private readonly sweeps: ReadonlyMap<string, SweepState>,
    private readonly launcher: Launcher,
    private readonly options: RunOptions,
    private readonly summary: RunSummary,
    private readonly emit: (event: RunEvent) => void,
  ) {}

  /** The user stopped the run (the options' signal): no new jobs, in-flight ones stopped. */
  readonly interrupt = (): void => {
    if (this.stop.signal.aborted) return;
    this.summary.interrupted = true;
    this.emit({ type: 'stopping', reason: 'interrupt' });
    this.stop.abort();
  };

  async runAll(): Promise<void> {
    await Promise.all(Array.from({ length: Math.max(1, this.launcher.concurrency) }, () => this.lane()));
    const waiting = [...this.sweeps.values()].reduce((n, s) => n + (s.asha?.scheduler.waiting ?? 0), 0);
    this.summary.not_run = this.queue.length - this.next + waiting;
  }

  /** The next queued job, else a rung run an early-stopping sweep can start now. */
  private take(): Job | null {
    if (this.next < this.queue.length) return this.queue[this.next++];
    for (const state of this.sweeps.values()) {
      const job = state.asha?.take();
      if (job) return job;
    }
    return null;
  }

  private async lane(): Promise<void> {
    while (!this.stop.signal.aborted) {
      const job = this.take();
      if (job === null) {
        // nothing to start: done when nothing runs either, else wait for a result (it may promote a trial)
        if (this.running === 0) break;
        await this.changed;
        continue;
      }
      this.running++;
      try {
        await this.runOne(job);
      } finally {
        this.running--;
        this.notify();
      }
    }
    this.notify();
  }

  private async runOne(job: Job): Promise<void> {
    const state = this.sweeps.get(job.sweep)!;
    const label = state.asha?.label(job) ?? jobLabel(job);
    const record = await this.launch(job, label);
    if (record === null) {
      state.asha?.scheduler.released(job);
      return; // stopped before it finished: nothing to record, it runs on resume
    }
    if (!this.journal(state, record)) return;
    if (!state.asha) this.dropCheckpoint(state, job); // early stopping hands a rung's checkpoint on
    this.announce(job, label, record);
    if (state.asha && !this.journalDecisions(state, job, record)) return;
    this.stopOnFailure(record);
    await this.refreshReport(state, record);
  }

  private launch(job: Job, label: string): Promise<JobRecord | null> {
    const state = this.sweeps.get(job.sweep)!;
    const run = resolveRunSettings({ ...state.plan.run, ...this.options.run });
    return this.launcher.run(job, this.stop.signal, {
      onStart: () => this.emit({ type: 'job-start', sweep: job.sweep, id: job.id, label, epochs: job.settings.epochs }),
      onResume: (id, p) =>
        this.emit({ type: 'job-resume', sweep: job.sweep, id, label, epoch: p.epoch, batch: p.batch, epochs: job.settings.epochs }),
      onWarning: (_id, message) => this.emit({ type: 'warning', message }),
      onEpoch: (id, m) =>
        this.emit({ type: 'job-epoch', sweep: job.sweep, id, label, epoch: m.epoch, epochs: job.settings.epochs, validation_accuracy: m.validation_accuracy }),
    }, { sweepDir: state.dir, run });
  }

  /** Journaled: the record is the result now, and the checkpoint only a shortcut to it. */
  private dropCheckpoint(state: SweepState, job: Job): void {
    try {
      removeCheckpoint(checkpointFile(state.dir, job.id));
    } catch (error) {
      this.emit({ type: 'warning', message: `the checkpoint of job ${job.id} was not deleted: ${(error as Error).message}` });
    }
  }

  /** Appends the record; a failed write stops the run (false), since nothing more could be kept. */
  private journal(state: SweepState, record: JobRecord): boolean {
    try {
      state.journal.append(record);
      return true;
    } catch (error) {
      this.writeError ??= error;
      this.stop.abort();
      return false;
    }
  }

  /** Early stopping: the decisions the record allows, and the records of trials they end, journaled at once. */
  private journalDecisions(state: SweepState, job: Job, record: JobRecord): boolean {
    try {
      this.summary.stopped += state.asha!.recorded(job, record, (ended) => state.journal.append(ended));
      return true;
    } catch (error) {
      this.writeError ??= error;
      this.stop.abort();
      return false;
    }
  }

  private announce(job: Job, label: string, record: JobRecord): void {
    if (record.status !== 'stopped') this.summary[record.status]++;
    const last = record.epochs.at(-1);
    this.emit({
      type: 'job-end',
      sweep: job.sweep,
      id: job.id,
      label,
      status: record.status,
      validation_accuracy: last ? last.validation_accuracy : null,
      test_accuracy: record.test ? record.test.accuracy : null,
      wall_seconds: record.wall_seconds,
      error: record.error ? record.error.message : null,
    });
  }

  private stopOnFailure(record: JobRecord): void {
    if (record.status !== 'failed' || !this.options.failFast || this.stop.signal.aborted) return;
    this.summary.stopped_by_failure = true;
    this.emit({ type: 'stopping', reason: 'fail-fast' });
    this.stop.abort();
  }

  private async refreshReport(state: SweepState, record: JobRecord): Promise<void> {
    if (!this.options.afterRecord) return;
    try {
      await this.options.afterRecord(state.dir, record);
    } catch (error) {
      this.emit({ type: 'warning', message: `report not refreshed: ${(error as Error).message}` });
    }
  }
}

/** Runs the plans' remaining jobs on the launcher. Resolves when every job is done or the run stopped. */
export async function runPlans(plans: readonly Plan[], launcher: Launcher, options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const emit = (event: RunEvent): void => options.onEvent?.(event);
  const sweeps = new Map<string, SweepState>();
  const queue: Job[] = [];
  const summary = emptySummary();
  let dispatch: Dispatch | null = null;
  try {
    for (const plan of plans) {
      const { state, todo, remaining } = await openSweep(plan, options, emit);
      sweeps.set(plan.sweep, state);
      summary.dirs.push(state.dir);
      summary.skipped += plan.jobs.length - remaining;
      queue.push(...todo);
    }
    dispatch = new Dispatch(queue, sweeps, launcher, options, summary, emit);
    if (options.signal?.aborted) dispatch.interrupt();
    options.signal?.addEventListener('abort', dispatch.interrupt, { once: true });
    await dispatch.runAll();
    if (dispatch.writeError) throw dispatch.writeError;
  } finally {
    if (dispatch) options.signal?.removeEventListener('abort', dispatch.interrupt);
    for (const state of sweeps.values()) {
      state.journal.close();
      state.asha?.close();
      state.lock.release();
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  emit({ type: 'done', summary });
  return summary;
}
