/**
 * How much memory one job needs, from its settings alone (pure: the planner refuses jobs that cannot
 * fit before any runs, and job messages can be capped by it). It counts what src/core/model.ts and
 * src/run/execute-job.ts allocate:
 *
 * - parameters and gradients: P = Σ (in·out + out) values each, in the job's precision;
 * - activations: a batch of `capacity` rows (the larger of batch_size and the EVAL_ROWS evaluation
 *   batch) through every layer (acts), and the gradient of every layer but the input's (deltas), plus
 *   the labels;
 * - checkpoint: a gradcheck job copies the trained parameters out as JS numbers (8 bytes each, on the
 *   V8 heap) into a float64 model of GRADCHECK_ROWS rows.
 *
 * The dataset is shared by all jobs and not counted; the kernel sets' scratch is small beside these.
 */
import type { TrainSettings } from './settings.js';
import { EVAL_ROWS } from './eval-rows.js';

const INPUTS = 784;
const CLASSES = 10;
const GRADCHECK_ROWS = 10;

export interface JobMemory {
  parameters: number;
  gradients: number;
  activations: number;
  checkpoint: number;
  /** The sum, in bytes. */
  total: number;
  /** The largest single array, in bytes: no runtime allocates arrays without bound. */
  largestArray: number;
  /** What lives on the JS heap (the checkpoint's copy), in bytes: V8 limits its heap separately. */
  heap: number;
}

function layout(sizes: readonly number[], rows: number) {
  let params = 0;
  let acts = 0;
  let widest = 0;
  for (let l = 0; l < sizes.length; l++) {
    if (l > 0) params += sizes[l - 1] * sizes[l] + sizes[l];
    acts += rows * sizes[l] * (l === 0 ? 1 : 2); // acts[l], and deltas[l] but for the input
    widest = Math.max(widest, rows * sizes[l]);
  }
  return { params, acts, widest };
}

export function estimateJobMemory(settings: TrainSettings, options: { gradcheck?: boolean } = {}): JobMemory {
  const bytes = settings.precision === 'float64' ? 8 : 4;
  const sizes = [INPUTS, ...settings.hidden_sizes, CLASSES];
  const rows = Math.max(settings.batch_size, EVAL_ROWS);
  const { params, acts, widest } = layout(sizes, rows);
  let checkpoint = 0;
  let heap = 0;
  if (options.gradcheck) {
    const check = layout(sizes, GRADCHECK_ROWS);
    heap = params * 8;
    checkpoint = heap + check.params * 8 * 2 + check.acts * 8 + GRADCHECK_ROWS * 4;
  }
  const parameters = params * bytes;
  const activations = acts * bytes + rows * 4;
  return {
    parameters,
    gradients: parameters,
    activations,
    checkpoint,
    total: 2 * parameters + activations + checkpoint,
    largestArray: Math.max(parameters, widest * bytes, options.gradcheck ? params * 8 : 0),
    heap,
  };
}

/** 1536 → "1.5 KiB": sizes as the messages about memory show them. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}
