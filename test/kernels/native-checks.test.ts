/**
 * The native set works on the caller's own arrays, so every call is checked before the addon sees it
 * (the checks every fast set shares are in fast-sets.test.ts), and the addon checks again that no call
 * reaches outside its arrays, whoever calls it. Arrays from `allocate` start on a cache line and are zero-filled.
 */
import test from 'ava';
import { ShapeError } from '../../src/errors.js';
import { loadNativeAddon } from '../../src/kernels/native/addon.js';
import { createNativeKernels } from '../../src/kernels/native/kernels.js';
import { nativeTest as nativeTestFor } from '../helpers/native.js';

const nativeTest = nativeTestFor(test, 'native check');

nativeTest('allocate gives zero-filled arrays that start on a 64-byte line', (t) => {
  const k = createNativeKernels();
  for (const n of [0, 1, 17, 100_000]) {
    const v = k.allocate(n);
    t.true(v instanceof Float32Array && v.length === n && v.every((x) => x === 0));
    t.is(loadNativeAddon().lineOffset(v), 0);
  }
  const labels = k.allocateLabels(33);
  t.true(labels instanceof Int32Array && labels.every((x) => x === 0));
});

nativeTest('any Float32Array is worked on in place; another type is refused naming the operation and argument', (t) => {
  const k = createNativeKernels();
  const out = new Float32Array(4);
  k.matmulNN(out, Float32Array.of(1, 2, 3, 4), Float32Array.of(1, 0, 0, 1), 2, 2, 2);
  t.deepEqual(Array.from(out), [1, 2, 3, 4]);
  t.throws(() => k.matmulNN(k.allocate(4), new Float64Array(4), k.allocate(4), 2, 2, 2), {
    instanceOf: ShapeError,
    message: 'native matmulNN: a must be a Float32Array (got a Float64Array); use kernels.allocate()',
  });
  t.throws(() => k.softmaxCrossEntropy(null, k.allocate(4), new Float32Array(2) as unknown as Int32Array, 2, 2, 1), {
    message: /^native softmaxCrossEntropy: labels must be an Int32Array \(got a Float32Array\)/,
  });
});

nativeTest('the addon itself refuses a call that would reach outside its arrays', (t) => {
  const addon = loadNativeAddon();
  const ctx = addon.createContext();
  const small = new Float32Array(5);
  t.throws(() => addon.gemm(ctx, new Float32Array(4), small, new Float32Array(4), 2, 2, 3, 3, false, 2, false), {
    instanceOf: RangeError,
    message: 'native gemm: a needs 6 floats, got 5',
  });
  t.throws(() => addon.gemm(ctx, new Float32Array(4), new Float32Array(6), new Float32Array(6), 2, 2, 3, 2, false, 2, false), {
    message: 'native gemm: a leading dimension is shorter than its rows',
  });
  t.throws(() => addon.biasAdd(new Float32Array(5), new Float32Array(3), 2, 3), { message: 'native biasAdd: z needs 6 floats, got 5' });
  t.throws(() => addon.sgdUpdate(new Float32Array(5), new Float32Array(5), 0.1, -1), {
    message: 'native sgdUpdate: n must be an integer in 0..2³⁰−1',
  });
  const labels = Int32Array.of(0, 3);
  t.throws(() => addon.softmaxCrossEntropy(null, new Float32Array(6), labels, 2, 3, 1), {
    message: 'native softmaxCrossEntropy: labels[1] = 3 is not a class of 0..2',
  });
  t.throws(() => addon.matmulF64(0, new Float64Array(3), new Float64Array(4), new Float64Array(4), 2, 2, 2), {
    message: 'native matmulF64: layout must be 0..2 and the arrays long enough for (M,K,N)',
  });
});
