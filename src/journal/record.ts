/**
 * The journal record: one per finished job, the plain data that workers return, the coordinator
 * appends to `<results>/<sweep>/journal.jsonl`, and reports are built from. Every field is JSON.
 */
import type { GradcheckReport } from '../core/gradcheck.js';
import type { Divergence, EpochMetrics, SplitMetrics } from '../core/metrics.js';
import type { TrainSettings } from '../core/settings.js';

export const JOURNAL_FILE = 'journal.jsonl';

export const JOB_STATUSES = ['ok', 'diverged', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Bumped when the record's shape changes; readers accept older records and warn on missing fields. */
export const RECORD_FORMAT = 1;

export interface JobError {
  name: string;
  message: string;
  /** The stack where it was thrown, when there is one (kept for debugging; reports show the message). */
  stack: string | null;
}

export interface JobRecord {
  format: number;
  id: string;
  sweep: string;
  /** The named configuration the job came from, or null. */
  name: string | null;
  /** Place in the plan's order when it ran. */
  index: number;
  /** The settings that vary across the plan (other than seed), as the plan listed them. */
  varying: Partial<TrainSettings>;
  settings: TrainSettings;
  status: JobStatus;
  /** Why the job failed; null unless status is 'failed'. */
  error: JobError | null;
  /** Epoch 0 (before training) and every epoch completed; on divergence, the epochs before it. */
  epochs: EpochMetrics[];
  test: SplitMetrics | null;
  divergence: Divergence | null;
  /** The kernel set that ran it, and its detail line (null when the job failed before choosing). */
  kernels: string | null;
  kernel_detail: string | null;
  train_examples_per_second: number | null;
  wall_seconds: number;
  /** TRAINING_CODE_VERSION of the code that computed it. */
  code_version: number;
  /** sha256 over the dataset files' digests. */
  dataset_digest: string | null;
  /** ISO time the job finished. */
  finished_at: string;
  /** Which process and thread ran it: `host:pid/thread`. */
  worker: string;
  /** The job's kind ('train' when absent: records before gradcheck jobs existed). */
  kind?: 'train' | 'gradcheck';
  /** A gradcheck job's table, after its training; null (or absent) for train jobs. */
  gradcheck?: GradcheckReport | null;
}
