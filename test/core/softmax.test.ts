import test from 'ava';
import { createReferenceKernels } from '../../src/kernels/reference.js';

const k = createReferenceKernels('float64');

test('softmax cross-entropy matches values worked by hand', (t) => {
  // logits [0, ln 2, ln 5]: softmax = [1, 2, 5] / 8; loss for label 2 = −ln(5/8) = ln 1.6
  const logits = Float64Array.from([0, Math.log(2), Math.log(5)]);
  const d = new Float64Array(3);
  const stats = k.softmaxCrossEntropy(d, logits, Int32Array.from([2]), 1, 3, 1);
  t.true(Math.abs(stats.lossSum - Math.log(1.6)) < 1e-15);
  t.is(stats.correct, 1);
  const expected = [1 / 8, 2 / 8, 5 / 8 - 1];
  expected.forEach((e, j) => t.true(Math.abs(d[j] - e) < 1e-15, `d[${j}] = ${d[j]}, expected ${e}`));
});

test('equal logits give loss ln C and the first class as the prediction', (t) => {
  const stats = k.softmaxCrossEntropy(null, new Float64Array(20), Int32Array.from([0, 3]), 2, 10, 0);
  t.true(Math.abs(stats.lossSum - 2 * Math.log(10)) < 1e-14);
  t.is(stats.correct, 1); // ties go to the first arg-max: class 0
});

test('the gradient is scaled by the given factor, so the mean over a batch uses 1/M', (t) => {
  const logits = Float64Array.from([1, 2, 3, 1, 2, 3]);
  const d = new Float64Array(6);
  k.softmaxCrossEntropy(d, logits, Int32Array.from([0, 0]), 2, 3, 0.5);
  const p0 = Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3));
  t.true(Math.abs(d[0] - 0.5 * (p0 - 1)) < 1e-15);
  t.true(Math.abs(d[0] + d[1] + d[2]) < 1e-15); // each row of p − onehot sums to zero
});

test('logits of ±1000 give a finite loss and gradient', (t) => {
  const logits = Float64Array.from([1000, -1000, 0, -1000, 1000, 0]);
  const d = new Float64Array(6);
  const stats = k.softmaxCrossEntropy(d, logits, Int32Array.from([0, 0]), 2, 3, 1);
  t.true(Number.isFinite(stats.lossSum));
  // row 0 is right with certainty (loss 0); row 1 is wrong by 2000 nats
  t.true(Math.abs(stats.lossSum - 2000) < 1e-9, String(stats.lossSum));
  t.true(d.every(Number.isFinite));
  t.is(stats.correct, 1);
});

test('float32 storage of ±1000 logits stays finite too', (t) => {
  const k32 = createReferenceKernels('float32');
  const logits = Float32Array.from([1000, -1000, 0]);
  const d = new Float32Array(3);
  const stats = k32.softmaxCrossEntropy(d, logits, Int32Array.from([1]), 1, 3, 1);
  t.is(stats.lossSum, 2000);
  t.true(d.every(Number.isFinite));
});
