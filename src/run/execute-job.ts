/**
 * Runs one planned job to its journal record. Never throws for a job's own failure: an exception
 * becomes a 'failed' record with its message, a non-finite loss a 'diverged' one. Only an
 * interruption (the run is stopping) escapes, as TrainingInterrupted, because it has no result.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import type { EpochMetrics } from '../core/metrics.js';
import { TrainingInterrupted, train } from '../core/train.js';
import { TRAINING_CODE_VERSION } from '../core/version.js';
import type { Dataset } from '../data/dataset.js';
import { type JobError, type JobRecord, RECORD_FORMAT } from '../journal/record.js';
import type { Job } from '../sweep/job.js';

export interface ExecuteOptions {
  /** Called after each measured epoch (0 included). */
  onEpoch?: (metrics: EpochMetrics) => void;
  /** Checked between batches: true stops the job with TrainingInterrupted. */
  shouldStop?: () => boolean;
}

export function workerName(): string {
  return `${hostname()}:${process.pid}/${threadId}`;
}

export function toJobError(error: unknown): JobError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack ?? null };
  return { name: 'Error', message: String(error), stack: null };
}

/** The record of a job that never produced metrics (it threw, or its worker died). */
export function failedRecord(job: Job, error: unknown, wallSeconds: number, datasetDigest: string | null): JobRecord {
  return {
    format: RECORD_FORMAT,
    id: job.id,
    sweep: job.sweep,
    name: job.name,
    index: job.index,
    varying: job.varying,
    settings: job.settings,
    status: 'failed',
    error: toJobError(error),
    epochs: [],
    test: null,
    divergence: null,
    kernels: null,
    kernel_detail: null,
    train_examples_per_second: null,
    wall_seconds: wallSeconds,
    code_version: TRAINING_CODE_VERSION,
    dataset_digest: datasetDigest,
    finished_at: new Date().toISOString(),
    worker: workerName(),
  };
}

export function executeJob(job: Job, dataset: Dataset, options: ExecuteOptions = {}): JobRecord {
  const started = performance.now();
  try {
    const outcome = train(job.settings, dataset, options);
    return {
      format: RECORD_FORMAT,
      id: job.id,
      sweep: job.sweep,
      name: job.name,
      index: job.index,
      varying: job.varying,
      settings: job.settings,
      status: outcome.status,
      error: null,
      epochs: outcome.epochs,
      test: outcome.test,
      divergence: outcome.divergence,
      kernels: outcome.kernels,
      kernel_detail: outcome.kernel_detail,
      train_examples_per_second: outcome.train_examples_per_second,
      wall_seconds: (performance.now() - started) / 1000,
      code_version: TRAINING_CODE_VERSION,
      dataset_digest: dataset.digest,
      finished_at: new Date().toISOString(),
      worker: workerName(),
    };
  } catch (error) {
    if (error instanceof TrainingInterrupted) throw error;
    return failedRecord(job, error, (performance.now() - started) / 1000, dataset.digest);
  }
}
