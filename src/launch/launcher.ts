/**
 * The launcher contract: something that runs planned jobs and hands back one journal record per
 * job. The coordinator decides what to run and is the only writer of the journal; a launcher only
 * runs. Implementations: in-process (tests, debugging), a Piscina pool (every core), and later
 * distributed ones (a queue engine's workers on other machines) — all pass one contract suite.
 */
import type { RunSettings } from '../core/run-settings.js';
import type { EpochMetrics } from '../core/metrics.js';
import type { TrainingPosition } from '../core/training-state.js';
import type { JobRecord } from '../journal/record.js';
import type { Job } from '../sweep/job.js';

export interface LaunchHooks {
  /** The job began running: at once for local launchers, when a worker takes it for queued ones. */
  onStart?: (jobId: string) => void;
  /** Progress: a job measured an epoch (best effort; may arrive late or not at all). */
  onEpoch?: (jobId: string, metrics: EpochMetrics) => void;
  /** The job continues from its checkpoint at this position. */
  onResume?: (jobId: string, position: TrainingPosition) => void;
  /** A checkpoint ignored or not written, a model not kept (never the job's failure). */
  onWarning?: (jobId: string, message: string) => void;
}

/** Where a job's files go: checkpoints and kept models in its sweep's folder (launchers that can, use it). */
export interface JobPlace {
  sweepDir: string;
  run: RunSettings;
}

export interface Launcher {
  readonly name: string;
  /** How many jobs run at once; the coordinator keeps that many in flight. */
  readonly concurrency: number;
  /**
   * Runs one job to its record. Never rejects for the job's own failure (that is a 'failed'
   * record); resolves null when `signal` stopped the job before it finished (it has no result; with
   * a `place`, it stopped at a batch boundary and checkpointed, so the next run continues it).
   */
  run(job: Job, signal: AbortSignal, hooks?: LaunchHooks, place?: JobPlace): Promise<JobRecord | null>;
  /** Stops every worker; pending runs resolve null. */
  close(): Promise<void>;
}
