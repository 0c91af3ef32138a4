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
import type { TrainSettings } from '../../src/core/settings.js';
import { createNativeKernels } from '../../src/kernels/native/kernels.js';
import { createReferenceKernels } from '../../src/kernels/reference.js';
import { mnist } from '../helpers/mnist.js';
import { trainSteps } from '../helpers/training.js';
import { nativeTest as nativeTestFor } from '../helpers/native.js';

const nativeTest = nativeTestFor(test, 'native training');


const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

nativeTest('fifty steps on native follow the reference float32 set: every loss within 1e-3 relative', (t) => {
  // ragged widths, so the edge tiles train too
  const settings: Partial<TrainSettings> = { hidden_sizes: [100, 300], learning_rate: 0.1, init: 'glorot', seed: 1 };
  const native = trainSteps(mnist(), createNativeKernels(), settings, 50, 1000);
  const reference = trainSteps(mnist(), createReferenceKernels('float32'), settings, 50, 1000);
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
  const native = trainSteps(mnist(), createNativeKernels(), settings, 25, 2000);
  const reference = trainSteps(mnist(), createReferenceKernels('float32'), settings, 25, 2000);
  const points = 100 * Math.abs(native.validation.accuracy - reference.validation.accuracy);
  t.log(`validation accuracy on 2,000 examples: native ${(100 * native.validation.accuracy).toFixed(2)}%, ` +
    `reference ${(100 * reference.validation.accuracy).toFixed(2)}% (difference ${points.toFixed(2)} points)`);
  t.true(points <= 0.3);
  t.true(native.validation.accuracy > 0.8, 'and it learns');
});

nativeTest('the same training run twice gives bit-identical losses and weights', (t) => {
  const settings: Partial<TrainSettings> = { hidden_sizes: [512, 1024], learning_rate: 0.1, init: 'glorot', seed: 3 };
  const first = trainSteps(mnist(), createNativeKernels(), settings, 15, 500);
  const second = trainSteps(mnist(), createNativeKernels(), settings, 15, 500);
  t.deepEqual(second.losses, first.losses);
  t.is(second.params.findIndex((v, i) => !Object.is(v, first.params[i])), -1);
  t.deepEqual(second.validation, first.validation);
});
