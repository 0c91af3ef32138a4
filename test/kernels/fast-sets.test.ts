/**
 * What holds for every fast kernel set (native and wasm), run once per set: the checks every call passes
 * (src/kernels/checked.ts, with messages that give the actual shapes), and training that follows the
 * reference set in float32 and repeats its bits.
 *
 * Training tolerances: the fast sets differ from the reference only in how matrix products round (they sum
 * in float32, native with fused multiply-adds; the reference in float64); every element-wise operation is
 * bit-identical (see contract.test.ts). SGD amplifies rounding-size differences: measured on this network,
 * wasm drifts from the reference by at most 2.9e-4 relative over 50 steps, and the reference itself drifts
 * by the same 2.9e-4 when its initial weights move by one float32 ulp. So 1e-3 allows what float32 rounding
 * alone causes and still catches a wrong kernel, which moves the loss by far more.
 *
 * The study's full setting (one epoch of all 50,000 examples) takes the reference set minutes, too slow
 * for `npm test`: it runs here on a 5,000-example slice (25 steps of 200), scored on 2,000 validation
 * examples; `node dist/bench/epoch-compare.js` runs the full epoch.
 */
import test from 'ava';
import { Mlp } from '../../src/core/model.js';
import type { TrainSettings } from '../../src/core/settings.js';
import { ShapeError } from '../../src/errors.js';
import { createReferenceKernels } from '../../src/kernels/reference.js';
import { FAST_SETS, fastSetTest } from '../helpers/fast-sets.js';
import { mnist } from '../helpers/mnist.js';
import { trainSteps } from '../helpers/training.js';

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

for (const set of FAST_SETS) {
  const setTest = fastSetTest(test, set.name, `${set.name} fast-set`);
  const name = set.name;

  setTest(`${name}: a model of the study's size allocates all its arrays in one set and they stay distinct`, (t) => {
    const model = new Mlp([784, 512, 1024, 10], set.create(), 500);
    model.params.fill(1);
    t.true(model.grads.every((v) => v === 0));
    t.true(model.input.every((v) => v === 0));
    t.is(model.params.length, 784 * 512 + 512 + 512 * 1024 + 1024 + 1024 * 10 + 10);
  });

  setTest(`${name}: a shape larger than its array is refused with the actual shapes`, (t) => {
    const k = set.create();
    t.throws(() => k.matmulNN(k.allocate(2 * 9), k.allocate(2 * 8), k.allocate(10), 2, 8, 9), {
      instanceOf: ShapeError,
      message: `${name} matmulNN: b (K,N) = (8,9) needs 72 floats, got an array of 10`,
    });
    t.throws(() => k.matmulTN(k.allocate(5), k.allocate(6), k.allocate(6), 2, 3, 3), {
      message: `${name} matmulTN: out (K,N) = (3,3) needs 9 floats, got an array of 5`,
    });
    t.throws(() => k.columnSum(k.allocate(3), k.allocate(3), 2, 3), {
      message: `${name} columnSum: a (M,N) = (2,3) needs 6 floats, got an array of 3`,
    });
    t.throws(() => k.biasAdd(k.allocate(6), k.allocate(2), 2, 3), {
      message: `${name} biasAdd: bias (N) = (3) needs 3 floats, got an array of 2`,
    });
    t.throws(() => k.matmulNT(k.allocate(4), k.allocate(4), k.allocate(4), 2, 2.5, 2), {
      message: `${name} matmulNT: K must be a non-negative integer (got 2.5)`,
    });
    t.throws(() => k.matmulNT(k.allocate(4), k.allocate(4), k.allocate(4), 2, 2 ** 31, 2), {
      message: `${name} matmulNT: K is 2147483648, more than the 1073741823 one kernel call can take (2^30 − 1)`,
    });
  });

  setTest(`${name}: a matrix product writing over its own input is refused; element-wise operations may work in place`, (t) => {
    const k = set.create();
    const buffer = k.allocate(32);
    t.throws(() => k.matmulNN(buffer.subarray(0, 16), buffer.subarray(8, 24), k.allocate(16), 4, 4, 4), {
      message: `${name} matmulNN: out overlaps a; a matrix product cannot write into its own input`,
    });
    // dz *= (h > 0) with dz and h the same array: the negative entries become 0, the others stay
    buffer.forEach((_, i) => (buffer[i] = i % 2 === 0 ? -(i + 1) : i + 1));
    k.reluBackward(buffer, buffer, 32);
    t.deepEqual(Array.from(buffer), Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? 0 : i + 1)));
    // the bias may be a row of the matrix it is added to
    t.notThrows(() => k.biasRelu(buffer, buffer.subarray(0, 4), 8, 4));
  });

  setTest(`${name}: a label outside the classes is refused with its row`, (t) => {
    const k = set.create();
    const labels = k.allocateLabels(3);
    labels.set([0, 9, 10]);
    t.throws(() => k.softmaxCrossEntropy(null, k.allocate(30), labels, 3, 10, 1), {
      message: `${name} softmaxCrossEntropy: labels[2] = 10 is not a class of 0..9`,
    });
  });

  setTest(`${name}: fifty steps follow the reference float32 set, every loss within 1e-3 relative`, (t) => {
    // ragged widths, so the edge tiles train too
    const settings: Partial<TrainSettings> = { hidden_sizes: [100, 300], learning_rate: 0.1, init: 'glorot', seed: 1 };
    const fast = trainSteps(mnist(), set.create(), settings, 50, 1000);
    const reference = trainSteps(mnist(), createReferenceKernels('float32'), settings, 50, 1000);
    const drift = fast.losses.map((loss, i) => relative(loss, reference.losses[i]));
    const worst = Math.max(...drift);
    t.log(`step 50 loss: ${name} ${fast.losses[49].toFixed(6)}, reference ${reference.losses[49].toFixed(6)}`);
    t.log(`max relative difference over the 50 steps ${worst.toExponential(2)} (step ${drift.indexOf(worst) + 1})`);
    t.log(`validation loss after: ${name} ${fast.validation.loss.toFixed(6)}, reference ${reference.validation.loss.toFixed(6)}`);
    t.true(worst <= 1e-3);
    t.true(relative(fast.validation.loss, reference.validation.loss) <= 1e-3);
    t.true(fast.losses[49] < fast.losses[0] / 2, 'and it learns');
  });

  setTest(`${name}: the study's setting on a 5,000-example slice reaches the reference's validation accuracy within 0.3 points`, (t) => {
    const settings: Partial<TrainSettings> = { hidden_sizes: [512, 1024], learning_rate: 0.1, init: 'glorot', seed: 1 };
    const fast = trainSteps(mnist(), set.create(), settings, 25, 2000);
    const reference = trainSteps(mnist(), createReferenceKernels('float32'), settings, 25, 2000);
    const points = 100 * Math.abs(fast.validation.accuracy - reference.validation.accuracy);
    t.log(
      `validation accuracy on 2,000 examples: ${name} ${(100 * fast.validation.accuracy).toFixed(2)}%, ` +
        `reference ${(100 * reference.validation.accuracy).toFixed(2)}% (difference ${points.toFixed(2)} points)`,
    );
    t.true(points <= 0.3);
    t.true(fast.validation.accuracy > 0.8, 'and it learns');
  });

  setTest(`${name}: the same training run twice gives bit-identical losses and weights`, (t) => {
    const settings: Partial<TrainSettings> = { hidden_sizes: [512, 1024], learning_rate: 0.1, init: 'glorot', seed: 3 };
    const first = trainSteps(mnist(), set.create(), settings, 15, 500);
    const second = trainSteps(mnist(), set.create(), settings, 15, 500);
    t.deepEqual(second.losses, first.losses);
    t.is(second.params.findIndex((v, i) => !Object.is(v, first.params[i])), -1);
    t.deepEqual(second.validation, first.validation);
  });
}
