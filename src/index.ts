/**
 * The public library API of mlp-sweep. Everything a program needs to build, train, check and sweep
 * MLPs; anything not exported here is internal.
 */

// the network and its training
export { Mlp, type Layer, type ParameterTensor } from './core/model.js';
export {
  createModel,
  evaluateSplit,
  train,
  EVAL_ROWS,
  TrainingInterrupted,
  type ModelOptions,
  type TrainOptions,
} from './core/train.js';
export { initialize } from './core/init.js';
export { gradientCheck, STUDY_EPSILONS, type GradcheckOptions, type GradcheckReport, type GradcheckRow } from './core/gradcheck.js';
export type { Divergence, EpochMetrics, SplitMetrics, TrainOutcome } from './core/metrics.js';
export { Rng, type RngState } from './core/rng.js';
export {
  DEFAULT_SETTINGS,
  resolveSettings,
  INIT_METHODS,
  PRECISIONS,
  KERNEL_CHOICES,
  type TrainSettings,
  type InitMethod,
  type Precision,
  type KernelChoice,
} from './core/settings.js';
export { checkSettings, settingsProblems } from './core/check-settings.js';
export { MAX_SEED } from './core/settings-schema.js';
export { TRAINING_CODE_VERSION } from './core/version.js';

// data
export { loadMnist, defaultMnistDir, MNIST_FILES } from './data/mnist.js';
export { gatherBatch, takeFirst, type Dataset, type Split } from './data/dataset.js';

// kernels
export { createKernels, kernelProviders } from './kernels/registry.js';
export { createReferenceKernels } from './kernels/reference.js';
export type { KernelProvider, Kernels, KernelSetName, LossStats, Vec } from './kernels/types.js';

// sweep files and plans
export * from './sweep/index.js';

// running and the journal
export type { RunOptions } from './run/coordinator.js';
export { runPlans, type RunPlansOptions, type RunPlansSummary } from './report/run-plans.js';
export { jobsToRun } from './journal/resume.js';
export { executeJob } from './execute/execute-job.js';
export type { RunEvent, RunSummary } from './run/events.js';
export type { Launcher, LaunchHooks } from './launch/launcher.js';
export { InProcessLauncher } from './launch/in-process.js';
export { PoolLauncher, type PoolOptions } from './launch/pool.js';
export { QueueLauncher } from './distributed/queue/launcher.js';
export { readJournal, readJobStatuses, latestById, type JournalContents } from './journal/read.js';
export { checkRecord, type RecordCheck } from './journal/check.js';
export { JOB_STATUSES, JOURNAL_FILE, JobRecordSchema, type JobStatus } from './journal/record.js';
export type { JobRecord, JobError } from './journal/record.js';

// checkpoints and kept models (docs/CHECKPOINTS.md)
export { DEFAULT_RUN_SETTINGS, KEEP_CHOICES, resolveRunSettings, type KeepChoice, type RunSettings } from './core/run-settings.js';
export type { TrainingPosition, TrainingSnapshot, TrainingState } from './core/training-state.js';
export { decodeSafetensors, encodeSafetensors, SafetensorsError, type Dtype, type SafetensorsFile, type Tensor } from './journal/checkpoint/safetensors.js';
export { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './journal/checkpoint/record.js';
export { checkpointFile, loadCheckpoint, type CheckpointLoad } from './journal/checkpoint/store.js';
export { decodeModel, modelFile, type KeptModel } from './journal/checkpoint/model-file.js';

// reports
export { writeReport, SUMMARY_MD, SUMMARY_CSV, EPOCHS_CSV, ReportError, type ReportOptions, type ReportResult } from './report/index.js';

// errors
export { MlpSweepError, DatasetError, ShapeError, SettingsError, KernelUnavailableError, PrecisionError } from './errors.js';
