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
import type { TrainSettings } from '../core/settings.js';
import { createModel } from '../core/train.js';
import { MNIST } from '../data/descriptor.js';
import { forwardFlopsPerExample } from '../sweep/estimate.js';

/** What one shape is measured for: the settings that change the speed of a training step. */
export type Shape = Pick<TrainSettings, 'hidden_sizes' | 'batch_size' | 'precision'> & { kernels: string };

export function shapeKey(shape: Shape): string {
  return `${shape.kernels}/${shape.precision}/${shape.hidden_sizes.join('-') || 'none'}/batch ${shape.batch_size}`;
}

/** Fills the batch like MNIST: a fixed pattern (no clock, no seed) of ~19% non-zero pixels, labels 0-9. */
function fillMnistLike(input: { length: number; [i: number]: number }, labels: Int32Array, rows: number): void {
  let state = 0x2545f491;
  for (let i = 0; i < rows * MNIST.features; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    input[i] = state % 100 < 19 ? (state >>> 8) / 2 ** 24 : 0;
  }
  for (let r = 0; r < rows; r++) labels[r] = r % 10;
}

/**
 * GFLOP/s of training steps of `shape`, timed for about `budgetMs` after one warm-up step. The reference
 * set, some hundred times slower, is timed on fewer rows so that one step stays short: its loops run at
 * the same rate whatever the batch.
 */
export function measureShape(shape: Shape, budgetMs = 120): number {
  const flopsPerRow = 3 * forwardFlopsPerExample(shape.hidden_sizes);
  const rows = shape.kernels === 'reference' ? Math.max(1, Math.min(shape.batch_size, Math.floor(2e7 / flopsPerRow))) : shape.batch_size;
  const model = createModel({ hidden_sizes: shape.hidden_sizes, precision: shape.precision, kernels: shape.kernels as TrainSettings['kernels'], batch_size: rows }, { capacity: rows });
  fillMnistLike(model.input, model.labels, rows);
  model.lossAndGradient(rows);
  model.step(1e-9); // warm-up: first calls compile and fill caches; a tiny rate keeps the weights as they are
  let steps = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs || steps < 2) {
    model.lossAndGradient(rows);
    model.step(1e-9);
    steps++;
    elapsed = performance.now() - started;
  }
  return (steps * rows * flopsPerRow) / (elapsed / 1000) / 1e9;
}
