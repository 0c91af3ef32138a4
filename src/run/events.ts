/** What a run reports as it goes: plain records, rendered live, as lines, or as JSON lines. */
import type { JobStatus } from '../journal/record.js';

export type RunEvent =
  | {
      type: 'sweep';
      sweep: string;
      dir: string;
      jobs: number;
      to_run: number;
      /** Jobs skipped because the journal already has them ok (or failed/diverged without --retry-failed). */
      skipped: { ok: number; failed: number; diverged: number; stopped?: number };
      /** A stale lock of a dead run that was taken over, or null. */
      took_over_lock: string | null;
    }
  | { type: 'job-start'; sweep: string; id: string; label: string; epochs: number }
  | { type: 'job-epoch'; sweep: string; id: string; label: string; epoch: number; epochs: number; validation_accuracy: number }
  /** The job continues from its checkpoint: `epoch` is the epoch in progress, `batch` its next batch. */
  | { type: 'job-resume'; sweep: string; id: string; label: string; epoch: number; batch: number; epochs: number }
  | {
      type: 'job-end';
      sweep: string;
      id: string;
      label: string;
      status: JobStatus;
      validation_accuracy: number | null;
      test_accuracy: number | null;
      wall_seconds: number;
      error: string | null;
    }
  | { type: 'stopping'; reason: 'interrupt' | 'fail-fast' }
  | { type: 'warning'; message: string }
  | { type: 'done'; summary: RunSummary };

export interface RunSummary {
  ok: number;
  diverged: number;
  failed: number;
  /** Trials that early stopping ended at a rung in this run. */
  stopped: number;
  /** Jobs that were planned to run but did not (stopped by Ctrl-C or --fail-fast). */
  not_run: number;
  skipped: number;
  interrupted: boolean;
  stopped_by_failure: boolean;
  seconds: number;
  /** The sweeps' results folders. */
  dirs: string[];
}
