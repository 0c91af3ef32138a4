/**
 * A short measurement of what a kernel set sustains here on a job's own network shape: a few SGD steps
 * (forward, backward, update) of that shape and batch size on MNIST-like input, timed. Small networks run
 * far below a kernel set's peak (call overhead, narrow products), so a benchmark figure of the big network
 * made first estimates 20-30x too low; this takes well under a second for a whole plan.
 *
 * The input is synthetic: MNIST's density (about 19% of the pixels non-zero, in [0, 1]), so the sparse and
 * zero-skipping paths of the native set are taken as with the real data, without loading the data set.
 */
import { performance } from 'node:perf_hooks';
import { createModel, EVAL_ROWS } from '../core/train.js';
import { MNIST } from '../data/descriptor.js';
import type { TrainSettings } from '../core/settings.js';
import { forwardFlopsPerExample } from '../sweep/estimate.js';
import type { Shape, ShapeRates } from './shape.js';

/** Fills the batch like MNIST: a fixed pattern (no clock, no seed) of ~19% non-zero pixels, labels 0-9. */
function fillMnistLike(input: { length: number; [i: number]: number }, labels: Int32Array, rows: number): void {
  let state = 0x2545f491;
  for (let i = 0; i < rows * MNIST.features; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    input[i] = state % 100 < 19 ? (state >>> 8) / 2 ** 24 : 0;
  }
  for (let r = 0; r < rows; r++) labels[r] = r % 10;
}

/** Runs `step` once to warm up, then for about `budgetMs` (at least twice); returns the calls per second. */
function callsPerSecond(step: () => void, budgetMs: number): number {
  step(); // the first call compiles and fills caches
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs || calls < 2) {
    step();
    calls++;
    elapsed = performance.now() - started;
  }
  return calls / (elapsed / 1000);
}

/**
 * GFLOP/s of training steps and of evaluation of `shape`, each timed for about half of `budgetMs`. The
 * reference set, some hundred times slower, is timed on fewer rows so that one call stays short: its loops
 * run at the same rate whatever the batch.
 */
export function measureShape(shape: Shape, budgetMs = 120): ShapeRates {
  const forward = forwardFlopsPerExample(shape.hidden_sizes);
  const cap = (rows: number, flopsPerRow: number) => (shape.kernels === 'reference' ? Math.max(1, Math.min(rows, Math.floor(2e7 / flopsPerRow))) : rows);
  const trainRows = cap(shape.batch_size, 3 * forward);
  const evalRows = cap(EVAL_ROWS, forward);
  const model = createModel(
    { hidden_sizes: shape.hidden_sizes, precision: shape.precision, kernels: shape.kernels as TrainSettings['kernels'], batch_size: trainRows },
    { capacity: Math.max(trainRows, evalRows) },
  );
  fillMnistLike(model.input, model.labels, Math.max(trainRows, evalRows));
  // a tiny rate keeps the weights as they are: the speed of a step does not depend on them, but divergence would
  const steps = callsPerSecond(() => {
    model.lossAndGradient(trainRows);
    model.step(1e-9);
  }, budgetMs / 2);
  const evaluations = callsPerSecond(() => void model.evaluate(evalRows), budgetMs / 2);
  return { train: (steps * trainRows * 3 * forward) / 1e9, evaluate: (evaluations * evalRows * forward) / 1e9 };
}
