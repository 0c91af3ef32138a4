/**
 * Training on the native set follows training on the reference set in float32: same seed, same
 * batches. They differ only in how the matrix products round (native sums in float32 with fused
 * multiply-adds, the reference in float64); every element-wise operation is bit-identical (see
 * contract.test.ts). The tolerances are the wasm set's, for the same reason (wasm-training.test.ts):
 * SGD amplifies rounding-size differences to ~3e-4 relative over 50 steps, and a wrong kernel moves
 * the loss by far more than 1e-3. And a run repeats its bits: no threads in a kernel, fixed order.
 *
 * The full epoch of the study's setting (50,000 examples) takes the reference set minutes; here it
 * runs on a 5,000-example slice, as for wasm.
 */
import test from 'ava';
import { Rng } from '../../src/core/rng.js';
import type { TrainSettings } from '../../src/core/settings.js';
import { createModel, evaluateSplit } from '../../src/core/train.js';
import { type Dataset, gatherBatch, takeFirst } from '../../src/data/dataset.js';
import { createNativeKernels } from '../../src/kernels/native/kernels.js';
import { nativeUnavailableReason } from '../../src/kernels/native/provider.js';
import { createReferenceKernels } from '../../src/kernels/reference.js';
import type { Kernels } from '../../src/kernels/types.js';
import { mnist } from '../helpers/mnist.js';

const reason = nativeUnavailableReason();
const nativeTest = reason === null ? test : test.skip;
if (reason !== null) {
  test('native training tests are skipped: the native set does not run here', (t) => {
    t.log(reason);
    t.pass();
  });
}

interface Run {
  losses: number[];
  params: Float32Array | Float64Array;
  validation: { loss: number; accuracy: number };
}

/** `steps` SGD steps of batch 200 in the seed's shuffled order, then the first `validationRows` scored. */
function run(data: Dataset, kernels: Kernels, settings: Partial<TrainSettings>, steps: number, validationRows: number): Run {
  const batch = 200;
  const model = createModel({ ...settings, batch_size: batch }, batch, kernels);
  const order = Int32Array.from({ length: data.train.count }, (_, i) => i);
  new Rng(settings.seed ?? 1, 'shuffle').shuffle(order);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    gatherBatch(model.input, model.labels, data.train, order, step * batch, batch);
    losses.push(model.lossAndGradient(batch).lossSum / batch);
    model.step(settings.learning_rate ?? 0.1);
  }
  return { losses, params: model.params, validation: evaluateSplit(model, takeFirst(data.validation, validationRows)) };
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

nativeTest('fifty steps on native follow the reference float32 set: every loss within 1e-3 relative', (t) => {
  // ragged widths, so the edge tiles train too
  const settings: Partial<TrainSettings> = { hidden_sizes: [100, 300], learning_rate: 0.1, init: 'glorot', seed: 1 };
  const native = run(mnist(), createNativeKernels(), settings, 50, 1000);
  const reference = run(mnist(), createReferenceKernels('float32'), settings, 50, 1000);
  const drift = native.losses.map((loss, i) => relative(loss, reference.losses[i]));
  const worst = Math.max(...drift);
  t.log(`step 50 loss: native ${native.losses[49].toFixed(6)}, reference ${reference.losses[49].toFixed(6)}`);
  t.log(`max relative difference over the 50 steps ${worst.toExponential(2)} (step ${drift.indexOf(worst) + 1})`);
  t.true(worst <= 1e-3);
  t.true(relative(native.validation.loss, reference.validation.loss) <= 1e-3);
  t.true(native.losses[49] < native.losses[0] / 2, 'and it learns');
});

nativeTest('the study\'s setting on a 5,000-example slice reaches the reference\'s validation accuracy within 0.3 points', (t) => {
  const settings: Partial<TrainSettings> = { hidden_sizes: [512, 1024], learning_rate: 0.1, init: 'glorot', seed: 1 };
  const native = run(mnist(), createNativeKernels(), settings, 25, 2000);
  const reference = run(mnist(), createReferenceKernels('float32'), settings, 25, 2000);
  const points = 100 * Math.abs(native.validation.accuracy - reference.validation.accuracy);
  t.log(`validation accuracy on 2,000 examples: native ${(100 * native.validation.accuracy).toFixed(2)}%, ` +
    `reference ${(100 * reference.validation.accuracy).toFixed(2)}% (difference ${points.toFixed(2)} points)`);
  t.true(points <= 0.3);
  t.true(native.validation.accuracy > 0.8, 'and it learns');
});

nativeTest('the same training run twice gives bit-identical losses and weights', (t) => {
  const settings: Partial<TrainSettings> = { hidden_sizes: [512, 1024], learning_rate: 0.1, init: 'glorot', seed: 3 };
  const first = run(mnist(), createNativeKernels(), settings, 15, 500);
  const second = run(mnist(), createNativeKernels(), settings, 15, 500);
  t.deepEqual(second.losses, first.losses);
  t.is(second.params.findIndex((v, i) => !Object.is(v, first.params[i])), -1);
  t.deepEqual(second.validation, first.validation);
});
