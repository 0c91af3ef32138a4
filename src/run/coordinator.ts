/**
 * The coordinator: takes plans, decides which jobs still need to run (resume), hands them to a
 * launcher while keeping its concurrency busy, and appends every result to its sweep's journal the
 * moment it arrives. It is the only writer of journals; launchers only run jobs.
 *
 * Resume rule, by job id: a job whose latest record is ok is skipped; failed and diverged ones are
 * skipped too unless `retryFailed`; `force` reruns everything. New records are appended, and
 * readers take the latest record of an id.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type SweepLock, acquireLock } from '../journal/lock.js';
import { writePlanFile } from '../journal/plan-file.js';
import { latestById, readJournal } from '../journal/read.js';
import type { JobRecord } from '../journal/record.js';
import { jobsToRun } from '../journal/resume.js';
import { JournalWriter } from '../journal/writer.js';
import type { Launcher } from '../launch/launcher.js';
import type { Job, Plan } from '../sweep/job.js';
import type { RunEvent, RunSummary } from './events.js';
import { jobLabel } from '../sweep/label.js';

export interface RunOptions {
  /** The results root; each sweep gets `<resultsDir>/<sweep name>/`. */
  resultsDir: string;
  force?: boolean;
  retryFailed?: boolean;
  failFast?: boolean;
  /** Aborting it stops the run: no new jobs, in-flight ones stopped, everything finished kept. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  /** Called after each record is journaled (the live report); its errors become warnings. */
  afterRecord?: (sweepDir: string, record: JobRecord) => Promise<void> | void;
}

interface SweepState {
  plan: Plan;
  dir: string;
  lock: SweepLock;
  journal: JournalWriter;
}

async function openSweep(
  plan: Plan,
  options: RunOptions,
  emit: (e: RunEvent) => void,
): Promise<{ state: SweepState; todo: Job[] }> {
  const dir = path.join(options.resultsDir, plan.sweep);
  mkdirSync(dir, { recursive: true });
  const lock = acquireLock(dir);
  try {
    const { records, warnings } = readJournal(dir);
    for (const message of warnings) emit({ type: 'warning', message });
    const { todo, skipped } = jobsToRun(plan, latestById(records), options);
    await writePlanFile(dir, plan);
    const journal = new JournalWriter(dir);
    emit({
      type: 'sweep',
      sweep: plan.sweep,
      dir,
      jobs: plan.jobs.length,
      to_run: todo.length,
      skipped,
      took_over_lock: lock.tookOver,
    });
    return { state: { plan, dir, lock, journal }, todo };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Runs the plans' remaining jobs on the launcher. Resolves when every job is done or the run stopped. */
export async function runPlans(plans: readonly Plan[], launcher: Launcher, options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const emit = (event: RunEvent): void => options.onEvent?.(event);
  const states = new Map<string, SweepState>();
  const queue: Job[] = [];
  const summary: RunSummary = {
    ok: 0,
    diverged: 0,
    failed: 0,
    not_run: 0,
    skipped: 0,
    interrupted: false,
    stopped_by_failure: false,
    seconds: 0,
    dirs: [],
  };
  const stop = new AbortController();
  const onAbort = (): void => {
    if (stop.signal.aborted) return;
    summary.interrupted = true;
    emit({ type: 'stopping', reason: 'interrupt' });
    stop.abort();
  };
  try {
    for (const plan of plans) {
      const { state, todo } = await openSweep(plan, options, emit);
      states.set(plan.sweep, state);
      summary.dirs.push(state.dir);
      summary.skipped += plan.jobs.length - todo.length;
      queue.push(...todo);
    }
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    let next = 0;
    let writeError: unknown = null;
    const runOne = async (job: Job): Promise<void> => {
      const state = states.get(job.sweep)!;
      const label = jobLabel(job);
      const record = await launcher.run(job, stop.signal, {
        onStart: () => emit({ type: 'job-start', sweep: job.sweep, id: job.id, label }),
        onEpoch: (id, m) =>
          emit({
            type: 'job-epoch',
            sweep: job.sweep,
            id,
            label,
            epoch: m.epoch,
            epochs: job.settings.epochs,
            validation_accuracy: m.validation_accuracy,
          }),
      });
      if (record === null) return; // stopped before it finished: nothing to record, it runs on resume
      try {
        state.journal.append(record);
      } catch (error) {
        writeError ??= error;
        stop.abort();
        return;
      }
      summary[record.status]++;
      const last = record.epochs.at(-1);
      emit({
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
      if (record.status === 'failed' && options.failFast && !stop.signal.aborted) {
        summary.stopped_by_failure = true;
        emit({ type: 'stopping', reason: 'fail-fast' });
        stop.abort();
      }
      if (options.afterRecord) {
        try {
          await options.afterRecord(state.dir, record);
        } catch (error) {
          emit({ type: 'warning', message: `report not refreshed: ${(error as Error).message}` });
        }
      }
    };
    const lane = async (): Promise<void> => {
      while (next < queue.length && !stop.signal.aborted) await runOne(queue[next++]);
    };
    await Promise.all(Array.from({ length: Math.max(1, launcher.concurrency) }, lane));
    summary.not_run = queue.length - summary.ok - summary.diverged - summary.failed;
    if (writeError) throw writeError;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const state of states.values()) {
      state.journal.close();
      state.lock.release();
    }
  }
  summary.seconds = (performance.now() - started) / 1000;
  emit({ type: 'done', summary });
  return summary;
}
