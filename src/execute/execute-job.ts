/**
 * Runs one planned job to its journal record. Never throws for a job's own failure: an exception
 * becomes a 'failed' record with its message, a non-finite loss a 'diverged' one. Only an
 * interruption (the run is stopping) escapes, as TrainingInterrupted, because it has no result.
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import { type GradcheckReport, gradientCheck } from '../core/gradcheck.js';
import type { EpochMetrics } from '../core/metrics.js';
import type { Mlp } from '../core/model.js';
import { TrainingInterrupted, createModel, train } from '../core/train.js';
import { TRAINING_CODE_VERSION } from '../core/version.js';
import type { Dataset } from '../data/dataset.js';
import { type JobError, type JobRecord, RECORD_FORMAT } from '../journal/record.js';
import type { Job } from '../sweep/job.js';
import { openJobCheckpoints } from './job-checkpoints.js';
import type { RunSettings } from '../core/run-settings.js';
import type { TrainingPosition } from '../core/training-state.js';

export interface ExecuteOptions {
  /** Called after each measured epoch (0 included). */
  onEpoch?: (metrics: EpochMetrics) => void;
  /** Checked between batches: true stops the job with TrainingInterrupted (after a checkpoint, when on). */
  shouldStop?: () => boolean;
  /** Resume from, and write, checkpoints in this sweep folder (and keep the model, if asked). */
  checkpoints?: { sweepDir: string; run: RunSettings };
  /** A checkpoint ignored or not written, a model not kept: never the job's failure, but worth saying. */
  onWarning?: (message: string) => void;
  /** The job continues from a checkpoint at this position. */
  onResume?: (position: TrainingPosition) => void;
}

export function workerName(): string {
  return `${hostname()}:${process.pid}/${threadId}`;
}

/** The error as a record keeps it: its name, message and `code` (an MlpSweepError's, or Node's `ENOENT`), and its stack. */
export function toJobError(error: unknown): JobError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: null, stack: null };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : null, stack: error.stack ?? null };
}

/** What every record of `job` says whatever its outcome: the job itself, the code, the data, where and when. */
function recordOf(job: Job, wallSeconds: number, datasetDigest: string | null) {
  return {
    format: RECORD_FORMAT,
    id: job.id,
    sweep: job.sweep,
    name: job.name,
    index: job.index,
    varying: job.varying,
    settings: job.settings,
    wall_seconds: wallSeconds,
    code_version: TRAINING_CODE_VERSION,
    dataset_digest: datasetDigest,
    finished_at: new Date().toISOString(),
    worker: workerName(),
    kind: job.kind,
  };
}

/** The record of a job that never produced metrics (it threw, or its worker died). */
export function failedRecord(job: Job, error: unknown, wallSeconds: number, datasetDigest: string | null): JobRecord {
  return {
    ...recordOf(job, wallSeconds, datasetDigest),
    status: 'failed',
    error: toJobError(error),
    epochs: [],
    test: null,
    divergence: null,
    kernels: null,
    kernel_detail: null,
    train_examples_per_second: null,
    gradcheck: null,
  };
}

/** A gradcheck job's check: the study's, on the first GRADCHECK_ROWS validation examples. */
export const GRADCHECK_ROWS = 10;
export const GRADCHECK_SAMPLES_PER_TENSOR = 10;

/**
 * The gradient check of a trained model, always in float64 on the reference kernels: the trained
 * weights (whatever precision trained them) are copied into a float64 model of the same shape.
 */
export function checkTrainedModel(trained: Mlp, job: Job, dataset: Dataset): GradcheckReport {
  const model64 = createModel(
    { ...job.settings, precision: 'float64', kernels: 'reference' },
    { inputs: trained.sizes[0], classes: trained.classes, capacity: GRADCHECK_ROWS },
  );
  model64.importParameters(trained.exportParameters());
  return gradientCheck(model64, dataset.validation, GRADCHECK_ROWS, {
    samplesPerTensor: GRADCHECK_SAMPLES_PER_TENSOR,
    seed: job.settings.seed,
  });
}

export function executeJob(job: Job, dataset: Dataset, options: ExecuteOptions = {}): JobRecord {
  const started = performance.now();
  try {
    const { checkpoints, onWarning, onResume, ...trainOptions } = options;
    const files = checkpoints
      ? openJobCheckpoints(job, dataset, checkpoints.sweepDir, checkpoints.run, (m) => onWarning?.(m))
      : undefined;
    if (files?.resumedFrom) onResume?.(files.resumedFrom);
    let gradcheck: GradcheckReport | null = null;
    let trained: Mlp | undefined;
    const outcome = train(job.settings, dataset, {
      ...trainOptions,
      resume: files?.resume,
      checkpoint: files?.hook,
      onTrained: (model) => {
        trained = model;
        if (job.kind === 'gradcheck') gradcheck = checkTrainedModel(model, job, dataset);
      },
    });
    if (trained && files) files.keep(trained, outcome.epochs.at(-1)?.validation_accuracy ?? null, outcome.test?.accuracy ?? null);
    return {
      ...recordOf(job, (performance.now() - started) / 1000, dataset.digest),
      status: outcome.status,
      error: null,
      epochs: outcome.epochs,
      test: outcome.test,
      divergence: outcome.divergence,
      kernels: outcome.kernels,
      kernel_detail: outcome.kernel_detail,
      train_examples_per_second: outcome.train_examples_per_second,
      gradcheck,
      resumed_from: files?.resumedFrom ?? null,
      // only where it happened, so that every other record stays as it was
      ...(files?.continuedFrom ? { continued_from: files.continuedFrom } : {}),
    };
  } catch (error) {
    if (error instanceof TrainingInterrupted) throw error;
    return failedRecord(job, error, (performance.now() - started) / 1000, dataset.digest);
  }
}
