/**
 * The native set gathers a batch (bytes → floats v/255, and the labels) in C++ with the bits of the
 * JavaScript gatherBatch, from the dataset's shared memory, and refuses examples outside the split.
 */
import test from 'ava';
import { gatherBatch, takeFirst } from '../../src/data/dataset.js';
import { createNativeKernels } from '../../src/kernels/native/kernels.js';
import { mnist } from '../helpers/mnist.js';
import { nativeTest as nativeTestFor } from '../helpers/native.js';

const nativeTest = nativeTestFor(test, 'native gather');

nativeTest('the native gather gives the bits and labels of gatherBatch, with and without an order', (t) => {
  const k = createNativeKernels();
  const split = mnist().train;
  const f = split.features;
  const order = Int32Array.from({ length: split.count }, (_, i) => (i * 7919) % split.count);
  for (const [o, start, rows] of [[order, 1234, 200], [null, 0, 500], [order, split.count - 37, 37]] as const) {
    const want = new Float32Array(rows * f);
    const wantLabels = new Int32Array(rows);
    gatherBatch(want, wantLabels, split, o, start, rows);
    const got = k.allocate(rows * f) as Float32Array;
    const labels = k.allocateLabels(rows);
    k.gatherBatch!(got, labels, split, o, start, rows);
    t.is(got.findIndex((v, i) => !Object.is(v, want[i])), -1, `start ${start}, ${rows} rows`);
    t.deepEqual(labels, wantLabels);
  }
});

nativeTest('the native gather refuses examples outside the split and batches larger than x', (t) => {
  const k = createNativeKernels();
  const split = takeFirst(mnist().train, 100);
  const x = k.allocate(10 * split.features);
  const labels = k.allocateLabels(10);
  t.throws(() => k.gatherBatch!(x, labels, split, null, 95, 10), { message: /native gatherBatch: examples 95\.\.104 run past the split's 100/ });
  t.throws(() => k.gatherBatch!(x, labels, split, null, 0, 11), { message: /needs 8624 floats, got an array of 7840/ });
  t.throws(() => k.gatherBatch!(x, labels, split, Int32Array.of(0, 1, 100), 0, 3), { message: /example 100 is outside the split's 100/ });
});
