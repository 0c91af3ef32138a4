/**
 * One job's checkpoints and kept model, for the stage that executes jobs: where the files lie, the
 * checkpoint to resume from (if one is there and trustworthy), the hook training calls to write new
 * ones, and the kept model at the end. Training itself never touches the disk.
 *
 *   <sweep dir>/checkpoints/<job id>.safetensors   while the job runs (deleted once its record is journaled);
 *                                                  for an early-stopping rung run, the previous rung's end
 *                                                  state handed on to it (src/run/early-stopping-sweep.ts)
 *   <sweep dir>/models/<job id>.safetensors        the trained weights, when the sweep keeps models
 */
import { performance } from 'node:perf_hooks';
import type { Mlp } from '../core/model.js';
import type { RunSettings } from '../core/run-settings.js';
import type { TrainSettings } from '../core/settings.js';
import type { TrainingPosition, TrainingSnapshot } from '../core/training-state.js';
import { TRAINING_CODE_VERSION } from '../core/version.js';
import type { Dataset } from '../data/dataset.js';
import { modelFile, saveModel } from '../journal/checkpoint/model-file.js';
import { type CheckpointExpectation, checkpointFile, loadCheckpoint, removeCheckpoint, saveCheckpoint } from '../journal/checkpoint/store.js';
import type { ContinuedFrom } from '../journal/checkpoint/record.js';
import { jobId } from '../sweep/ids.js';
import type { Job } from '../sweep/job.js';


/** What a job's model looks like, from its settings alone: the parameter tensors a checkpoint must hold. */
export function expectedTensors(settings: TrainSettings, dataset: Dataset): { name: string; shape: number[] }[] {
  const sizes = [dataset.train.features, ...settings.hidden_sizes, dataset.classes];
  return sizes.slice(1).flatMap((fanOut, i) => [
    { name: `W${i + 1}`, shape: [sizes[i], fanOut] },
    { name: `b${i + 1}`, shape: [fanOut] },
  ]);
}

/** What a checkpoint must match to continue `job`: read from a file here, or from a queue (distributed/queue/). */
export function checkpointExpectation(job: { id: string; settings: TrainSettings }, dataset: Dataset): CheckpointExpectation {
  const { settings } = job;
  return {
    jobId: job.id,
    codeVersion: TRAINING_CODE_VERSION,
    datasetDigest: dataset.digest,
    tensors: expectedTensors(settings, dataset),
    dtype: settings.precision === 'float64' ? 'F64' : 'F32',
    trainCount: settings.train_limit === null ? dataset.train.count : Math.min(settings.train_limit, dataset.train.count),
    batchSize: settings.batch_size,
    epochs: settings.epochs,
  };
}

export interface JobCheckpoints {
  /** The snapshot to continue from, or undefined to start at epoch 0. */
  resume: TrainingSnapshot | undefined;
  /** Where the resumed run stood, for the record and the run log (null: from the start). */
  resumedFrom: TrainingPosition | null;
  /** The shorter run of the same trial whose end state this run continues (an early-stopping rung), or null. */
  continuedFrom: ContinuedFrom | null;
  /** The hook for train(); undefined when checkpoints are off. */
  hook: { due: () => boolean; write: (snapshot: TrainingSnapshot) => void } | undefined;
  /** Writes the kept model, when the run keeps models (a failure is a warning, never the job's). */
  keep(model: Mlp, validationAccuracy: number | null, testAccuracy: number | null): void;
}

/**
 * Opens a job's checkpoints in `sweepDir`. Warnings (a checkpoint ignored, a write that failed) go to
 * `warn`; none of them stops the job, because a checkpoint is only ever a shortcut.
 */
export function openJobCheckpoints(
  job: Pick<Job, 'id' | 'kind' | 'settings'>,
  dataset: Dataset,
  sweepDir: string,
  run: RunSettings,
  warn: (message: string) => void,
): JobCheckpoints {
  const file = checkpointFile(sweepDir, job.id);
  const { settings } = job;
  // a rung run of early stopping also trusts the end state of its settings trained to fewer epochs (its previous rung)
  const load = loadCheckpoint(file, { ...checkpointExpectation(job, dataset), shorterRunId: (epochs) => jobId(job.kind, { ...settings, epochs }) });
  if (load.warning !== null) {
    warn(load.warning);
    removeCheckpoint(file); // never trusted, so never read again
  }
  const resume = load.checkpoint ?? undefined;
  // a shorter run's end state starts a lineage; our own checkpoint carries it on
  const continuedFrom: ContinuedFrom | null = !resume
    ? null
    : resume.job_id !== job.id
      ? { job: resume.job_id, epoch: resume.state.position.epoch }
      : (resume.continued_from ?? null);

  let lastWrite = performance.now();
  let failed = false;
  const hook = run.checkpoint
    ? {
        due: () => performance.now() - lastWrite >= run.checkpoint_every_s * 1000,
        write: (snapshot: TrainingSnapshot) => {
          if (failed) return;
          try {
            saveCheckpoint(file, {
              ...snapshot,
              job_id: job.id,
              code_version: TRAINING_CODE_VERSION,
              dataset_digest: dataset.digest,
              continued_from: continuedFrom,
            });
          } catch (error) {
            failed = true;
            warn(`${file}: checkpoint not written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); job ${job.id} goes on without checkpoints`);
          }
          lastWrite = performance.now();
        },
      }
    : undefined;

  return {
    resume,
    resumedFrom: resume ? { ...resume.state.position } : null,
    continuedFrom,
    hook,
    keep(model, validationAccuracy, testAccuracy) {
      if (run.keep !== 'final') return;
      const target = modelFile(sweepDir, job.id);
      try {
        saveModel(target, {
          job_id: job.id,
          code_version: TRAINING_CODE_VERSION,
          settings,
          sizes: [...model.sizes],
          parameters: model.tensors().map(({ name, shape, values }) => ({ name, shape, values })),
          validation_accuracy: validationAccuracy,
          test_accuracy: testAccuracy,
        });
      } catch (error) {
        warn(`${target}: model not kept (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    },
  };
}
