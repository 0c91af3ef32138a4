/** The public surface of sweep files: load, validate and plan, and the records they produce. */
export { checkSweepText, loadSweepFile, loadSweeps, type LoadedSweep, type SweepCheck } from './load.js';
export { parseSweepSource, MAX_ALIAS_COUNT, type ParsedSource } from './parse.js';
export { validateSweep, type Validation } from './validate.js';
export { trainingSetSize } from '../core/check-settings.js';
export { planSweep, DEFAULT_MAX_JOBS, type PlanOptions, type Planning } from './planner.js';
export { jobId, canonicalJob, JOB_ID_LENGTH } from './ids.js';
export { estimateJob, estimatePlan, THROUGHPUT_GFLOPS, type JobEstimate, type PlanEstimate } from './estimate.js';
export { formatDiagnostic, formatPath, type Diagnostic, type Problem, type Path } from './diagnostics.js';
export { SweepFileError } from './errors.js';
export { SweepFileSchema, SETTING_NAMES, TRAINING_SET_SIZE, type SweepFile, type SettingsPatch, type SettingName } from './schema.js';
export type { Sweep, Axis, NamedRun } from './sweep.js';
export type { Job, MergedJob, Plan } from './job.js';
